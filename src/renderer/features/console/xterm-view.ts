import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Terminal, type ITheme } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { openUnderCsp } from './open-under-csp';
import { scrollbackLines, type TerminalView } from './terminal-view';

/** The console's colours: a dark panel in both app themes, as a serial terminal usually is. */
const consoleTheme: ITheme = {
  background: '#0f1317',
  foreground: '#d8dde3',
  cursor: '#d8dde3',
  selectionBackground: '#3a4a5e',
  scrollbarSliderBackground: 'rgb(121 121 121 / 40%)',
  scrollbarSliderHoverBackground: 'rgb(100 100 100 / 70%)',
  black: '#2e3440',
  red: '#ff7b72',
  green: '#7ee787',
  yellow: '#e3b341',
  blue: '#79c0ff',
  magenta: '#d2a8ff',
  cyan: '#56d4dd',
  white: '#d8dde3',
  brightBlack: '#8b949e',
  brightRed: '#ffa198',
  brightGreen: '#aff5b4',
  brightYellow: '#f8e3a1',
  brightBlue: '#a5d6ff',
  brightMagenta: '#e2c5ff',
  brightCyan: '#b3f0ff',
  brightWhite: '#ffffff',
};

/**
 * The console display over xterm.js (DOM renderer), opened so that the CSP refuses none of its styles
 * (open-under-csp.ts).
 */
export function createXtermView(element: HTMLElement): TerminalView {
  const terminal = new Terminal({
    scrollback: scrollbackLines,
    convertEol: true,
    disableStdin: true,
    cursorBlink: false,
    cursorStyle: 'bar',
    cursorInactiveStyle: 'none',
    fontFamily: "ui-monospace, 'SFMono-Regular', Menlo, Consolas, 'DejaVu Sans Mono', monospace",
    fontSize: 13,
    screenReaderMode: false,
    theme: consoleTheme,
  });
  const fit = new FitAddon();
  const search = new SearchAddon();
  terminal.loadAddon(fit);
  terminal.loadAddon(search);
  const opened = openUnderCsp(terminal, element);
  const refit = () => {
    try {
      fit.fit();
    } catch {
      // Not laid out yet (hidden): the next resize fits it.
    }
  };
  refit();
  const resize = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(refit);
  resize?.observe(element);
  let follow = true;
  let atLineStart = true;
  const afterWrite = () => {
    if (follow) terminal.scrollToBottom();
  };
  return {
    write(text) {
      if (text === '') return;
      atLineStart = text.endsWith('\n');
      terminal.write(text, afterWrite);
    },
    writeMarker(line) {
      terminal.write(`${atLineStart ? '' : '\n'}\x1b[90m${line}\x1b[39m\n`, afterWrite);
      atLineStart = true;
    },
    clear() {
      terminal.clear();
    },
    text() {
      const buffer = terminal.buffer.active;
      const lines: string[] = [];
      for (let row = 0; row < buffer.length; row += 1) {
        const line = buffer.getLine(row);
        if (line === undefined) continue;
        const text = line.translateToString(true);
        if (line.isWrapped && lines.length > 0) lines[lines.length - 1] += text;
        else lines.push(text);
      }
      while (lines.length > 0 && lines.at(-1) === '') lines.pop();
      return `${lines.join('\n')}\n`;
    },
    findNext: (term) => search.findNext(term),
    findPrevious: (term) => search.findPrevious(term),
    setFollow(next) {
      follow = next;
      if (next) terminal.scrollToBottom();
    },
    dispose() {
      resize?.disconnect();
      terminal.dispose();
      opened.dispose();
    },
  };
}
