/**
 * A terminal for tests: it applies what a view writes (text with auto-wrap, `\r`, `\n`, cursor up and down, erase
 * in line and in display, colours ignored) to a screen that grows downward, and re-wraps its lines when resized as
 * tmux or VTE do. Any other escape sequence throws: a view must not write what this does not understand.
 */
export class FakeTerminal {
  #width: number;
  /** Each row's cells, and whether the row continues the one above (a soft wrap). */
  #rows: { cells: string[]; wrapped: boolean }[] = [{ cells: [], wrapped: false }];
  #row = 0;
  #col = 0;

  constructor(width: number) {
    this.#width = width;
  }

  /** How much text (UTF-16 units) was written so far: feed a captured stream from there. */
  written = 0;

  get columns(): number {
    return this.#width;
  }

  write(text: string): void {
    this.written += text.length;
    const chars = [...text];
    for (let index = 0; index < chars.length; index += 1) {
      const char = chars[index] ?? '';
      if (char === '\u001b') {
        const match = /^\[(\d*)([A-Za-z])/.exec(chars.slice(index + 1, index + 12).join(''));
        if (match === null) throw new Error(`unknown escape at ${JSON.stringify(text.slice(index))}`);
        this.#control(Number(match[1] === '' ? '0' : match[1]), match[2] ?? '');
        index += match[0].length;
      } else if (char === '\r') this.#col = 0;
      else if (char === '\n') this.#moveTo(this.#row + 1, 0);
      else if (char.charCodeAt(0) < 0x20) throw new Error(`control character ${char.charCodeAt(0)}`);
      else this.#put(char);
    }
  }

  /** The screen's rows, trailing spaces cut, empty rows at the end left out. */
  screen(): string[] {
    const rows = this.#rows.map((row) =>
      row.cells
        .map((cell) => cell || ' ')
        .join('')
        .trimEnd(),
    );
    while (rows.length > 0 && rows.at(-1) === '') rows.pop();
    return rows;
  }

  /** A new width: soft-wrapped rows are joined and wrapped again, the cursor kept on its character. */
  resize(width: number): void {
    const logical: { text: string[]; cursor: number | null }[] = [];
    this.#rows.forEach((row, index) => {
      const last = logical.at(-1);
      const line = row.wrapped && last !== undefined ? last : { text: [], cursor: null };
      if (line !== last) logical.push(line);
      if (index === this.#row) line.cursor = line.text.length + this.#col;
      const continued = this.#rows[index + 1]?.wrapped === true;
      line.text.push(...(continued ? padded(row.cells, this.#width) : row.cells));
    });
    this.#width = width;
    this.#rows = [];
    for (const line of logical) {
      const text = trimmed(line.text);
      const start = this.#rows.length;
      for (let at = 0; at === 0 || at < text.length; at += width)
        this.#rows.push({ cells: text.slice(at, at + width), wrapped: at > 0 });
      if (line.cursor !== null) {
        this.#row = start + Math.floor(line.cursor / width);
        this.#col = line.cursor % width;
        while (this.#rows.length <= this.#row) this.#rows.push({ cells: [], wrapped: true });
      }
    }
  }

  #put(char: string): void {
    if (this.#col >= this.#width) {
      this.#moveTo(this.#row + 1, 0);
      this.#current().wrapped = true;
    }
    const cells = this.#current().cells;
    while (cells.length < this.#col) cells.push('');
    cells[this.#col] = char;
    this.#col += 1;
  }

  #control(count: number, command: string): void {
    const row = this.#current();
    switch (command) {
      case 'A':
        return this.#moveTo(Math.max(0, this.#row - Math.max(1, count)), this.#col);
      case 'B':
        return this.#moveTo(this.#row + Math.max(1, count), this.#col);
      case 'K':
        if (count === 2) row.cells = [];
        else if (count === 0) row.cells = row.cells.slice(0, this.#col);
        else throw new Error(`erase in line ${count}`);
        return;
      case 'J':
        if (count !== 0) throw new Error(`erase in display ${count}`);
        row.cells = row.cells.slice(0, this.#col);
        this.#rows.splice(this.#row + 1);
        return;
      case 'm':
        return;
      default:
        throw new Error(`unknown escape sequence ${count}${command}`);
    }
  }

  #moveTo(row: number, col: number): void {
    while (this.#rows.length <= row) this.#rows.push({ cells: [], wrapped: false });
    this.#row = row;
    this.#col = Math.min(col, this.#width);
  }

  #current(): { cells: string[]; wrapped: boolean } {
    const row = this.#rows[this.#row];
    if (row === undefined) throw new Error('cursor outside the screen');
    return row;
  }
}

const padded = (cells: readonly string[], width: number): string[] =>
  Array.from({ length: width }, (_, index) => cells[index] ?? '');

function trimmed(text: readonly string[]): string[] {
  let end = text.length;
  while (end > 0 && (text[end - 1] ?? '') === '') end -= 1;
  return text.slice(0, end);
}
