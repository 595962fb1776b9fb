import type { MenuItemConstructorOptions } from 'electron';

/** The application menu: Quit always; Reload and developer tools only in development builds. */
export function appMenuTemplate(isDevelopment: boolean, platform: string): MenuItemConstructorOptions[] {
  const fileMenu: MenuItemConstructorOptions = {
    label: platform === 'darwin' ? 'STM32MP Flasher' : 'File',
    submenu: [{ role: 'quit' }],
  };
  const editMenu: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [{ role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  };
  if (!isDevelopment) return [fileMenu, editMenu];
  const developMenu: MenuItemConstructorOptions = {
    label: 'Develop',
    submenu: [{ role: 'reload' }, { role: 'toggleDevTools' }],
  };
  return [fileMenu, editMenu, developMenu];
}
