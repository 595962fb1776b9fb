/** What the console panel asks of its terminal display; xterm.js in the app, a fake in component tests. */
export interface TerminalView {
  /** Console text as it came (`\n` line ends). */
  write(text: string): void;
  /** One of the session's stage markers, on a line of its own, in grey (bright black: AA contrast on the panel). */
  writeMarker(line: string): void;
  clear(): void;
  /** Everything the terminal still holds (its scrollback is bounded), as plain text. */
  text(): string;
  findNext(term: string): boolean;
  findPrevious(term: string): boolean;
  /** Keep the newest line in view after each write. */
  setFollow(follow: boolean): void;
  dispose(): void;
}

/** Lines xterm.js keeps: the display's memory is bounded whatever the board prints. */
export const scrollbackLines = 5000;
