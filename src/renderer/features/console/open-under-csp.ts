import type { Terminal } from '@xterm/xterm';

/**
 * Opens an xterm.js 6 terminal (DOM renderer) so that the CSP (`style-src 'self'`, no 'unsafe-inline') refuses
 * nothing. xterm styles itself in two ways the CSP blocks, and each goes through the CSSOM instead, which the
 * CSP allows:
 *
 * - `<style>` elements (theme colours, cursor, selection, row metrics, scrollbar), created when it opens and
 *   updated through `textContent`. It opens in a host not yet in the document (a `<style>` that is not connected
 *   is never checked); each one is then taken out and its text routed to a stylesheet the document adopts.
 * - `style` attributes on the cells it draws in RGB colours (every selected cell, true-colour text), set with
 *   `setAttribute('style', …)` by its row factory's `_addStyle`: that one method is replaced by a CSSOM write.
 *   It is internal to xterm (the version is pinned in package.json); the e2e tests select text under the CSP.
 *
 * The terminal ends up in a host appended to `element`; dispose (after the terminal's) undoes the rest.
 */
export function openUnderCsp(terminal: Terminal, element: HTMLElement): { dispose(): void } {
  const document = element.ownerDocument;
  const host = document.createElement('div');
  host.className = 'console-terminal-host';
  terminal.open(host);
  const sheets = Array.from(host.querySelectorAll('style'), adoptStyleElement);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, ...sheets];
  styleRowsThroughCssom(terminal);
  element.append(host);
  return {
    dispose() {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((sheet) => !sheets.includes(sheet));
      host.remove();
    },
  };
}

function adoptStyleElement(element: HTMLStyleElement): CSSStyleSheet {
  const sheet = new CSSStyleSheet();
  let text = element.textContent;
  sheet.replaceSync(text);
  Object.defineProperty(element, 'textContent', {
    configurable: true,
    get: () => text,
    set: (css: string | null) => {
      text = css ?? '';
      sheet.replaceSync(text);
    },
  });
  element.remove();
  return sheet;
}

type AddStyle = (element: HTMLElement, style: string) => void;

function styleRowsThroughCssom(terminal: Terminal): void {
  const rowFactory = path(terminal, ['_core', '_renderService', '_renderer', 'value', '_rowFactory']);
  if (typeof rowFactory !== 'object' || rowFactory === null || !('_addStyle' in rowFactory)) {
    throw new Error('xterm.js changed: its DOM row factory has no _addStyle to route through the CSSOM');
  }
  const addStyle: AddStyle = (cell, style) => {
    cell.style.cssText += `${style};`;
  };
  Object.assign(rowFactory, { _addStyle: addStyle });
}

function path(start: unknown, keys: readonly string[]): unknown {
  let at = start;
  for (const key of keys) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = Reflect.get(at, key);
  }
  return at;
}
