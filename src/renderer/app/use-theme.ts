import { useEffect } from 'react';
import type { ThemeChoice } from '../../shared/contract';

/** Applies the theme setting to the page: `data-theme` on <html>, none for "as the system". */
export function useTheme(theme: ThemeChoice): void {
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = theme;
  }, [theme]);
}
