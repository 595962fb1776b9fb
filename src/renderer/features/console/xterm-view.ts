import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import './console-terminal.css';
import { scrollbackLines, type TerminalView } from './terminal-view';

/**
 * The console display over xterm.js (DOM renderer). xterm writes its theme and row metrics into `<style>`
 * elements, which the CSP (`style-src 'self'`) blocks; the same rules ship in console-terminal.css, so the
 * font and colours given here must stay those of that file.
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
    theme: { background: '#0f1317', foreground: '#d8dde3' },
  });
  const fit = new FitAddon();
  const search = new SearchAddon();
  terminal.loadAddon(fit);
  terminal.loadAddon(search);
  terminal.open(element);
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
      terminal.write(`${atLineStart ? '' : '\n'}\x1b[2m${line}\x1b[22m\n`, afterWrite);
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
    },
  };
}
