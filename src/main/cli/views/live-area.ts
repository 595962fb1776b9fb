import { escapeControls } from './terminal-safe';
import { fitToWidth } from './terminal-width';

const esc = '\u001b[';

/**
 * The few lines at the bottom of a terminal that change while a run goes on (bars, countdowns), with permanent
 * lines printed above them. It remembers what it drew: `render` rewrites only the lines that differ and erases the
 * ones that went away, so no stale line or fragment stays behind. Each line is cut to the width less one column
 * (measured on every draw): a line that wrapped would take two rows and the next draw would miss one.
 *
 * The cursor rests at the start of the row below the area. When the width changed since the last draw, the
 * terminal has re-wrapped what is on screen (tmux, VTE, kitty, iTerm2 and Windows Terminal do): the area is then
 * found by how many rows each of its lines takes at the new width, erased and drawn again in full.
 */
export class LiveArea {
  readonly #write: (text: string) => void;
  readonly #columns: () => number;
  /** The lines as asked for, to draw again after permanent lines. */
  #lines: readonly string[] = [];
  /** The lines as on screen (cut to the width they were drawn at). */
  #shown: string[] = [];
  #drawnAt = 0;

  constructor(write: (text: string) => void, columns: () => number) {
    this.#write = write;
    this.#columns = columns;
  }

  /** Shows `lines` in the area, redrawing only the ones that changed. */
  render(lines: readonly string[]): void {
    this.#lines = [...lines];
    const width = this.#columns();
    const fitted = lines.map((line) => fitToWidth(escapeControls(line), Math.max(1, width - 1)));
    if (width !== this.#drawnAt && this.#shown.length > 0) {
      this.#erase(width);
      this.#draw(fitted, 0, width);
      return;
    }
    const first = fitted.findIndex((line, index) => line !== this.#shown[index]);
    const from = first === -1 ? fitted.length : first;
    if (from === fitted.length && fitted.length === this.#shown.length) return;
    const up = this.#shown.length - from;
    this.#write(`\r${up > 0 ? `${esc}${up}A` : ''}`);
    this.#draw(fitted, from, width);
  }

  /**
   * Prints permanent lines above the area: `print` is called with the area erased and the cursor where the area
   * began, writes whole lines (each ending in `\n`, none wider than the terminal), and the area is drawn again below
   * (with `next` when given: what it shows from now on).
   */
  above(print: () => void, next: readonly string[] = this.#lines): void {
    this.#erase(this.#columns());
    print();
    this.render(next);
  }

  /** Leaves what the area shows on screen as permanent lines; the next render starts a new area below them. */
  commit(): void {
    this.#lines = [];
    this.#shown = [];
  }

  /** Erases the area. */
  clear(): void {
    this.#erase(this.#columns());
    this.#lines = [];
  }

  /** Writes `fitted[from..]` from the cursor (at the start of row `from`), erasing what is left below. */
  #draw(fitted: readonly string[], from: number, width: number): void {
    let out = '';
    for (let index = from; index < fitted.length; index += 1) {
      const line = fitted[index] ?? '';
      out += line === this.#shown[index] ? '\n' : `${esc}2K${line}\n`;
    }
    if (this.#shown.length > fitted.length) out += `${esc}J`;
    this.#write(out);
    this.#shown = [...fitted];
    this.#drawnAt = width;
  }

  /** Moves to where the area begins and erases it and everything below. */
  #erase(width: number): void {
    if (this.#shown.length === 0) return;
    const rows =
      width === this.#drawnAt
        ? this.#shown.length
        : this.#shown.reduce((sum, line) => sum + Math.max(1, Math.ceil([...line].length / width)), 0);
    this.#write(`\r${esc}${rows}A${esc}J`);
    this.#shown = [];
  }
}
