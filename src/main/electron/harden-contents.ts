import type { WebContents } from 'electron';

/**
 * Denies every navigation away from the app's page and every new window, for any web contents the app
 * creates. Links meant for the user's browser go through the contract, never through window.open.
 */
export function hardenContents(
  contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>,
  appPageUrl: string,
): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (url !== appPageUrl) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
