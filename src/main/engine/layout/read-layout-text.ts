/**
 * The bytes of a layout file as text, before any line is read: a UTF-8 BOM removed (U-Boot would read it as
 * part of the first column), and the text cut at the first NUL byte, where U-Boot's parser stops (spec §2).
 */
export interface LayoutText {
  readonly text: string;
  readonly bom: boolean;
  /** Where the first NUL byte was (1-based), and how many lines after it U-Boot never reads. */
  readonly nul: { readonly line: number; readonly column: number; readonly linesIgnored: number } | null;
}

const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

export function readLayoutText(input: Uint8Array | string): LayoutText {
  let text = typeof input === 'string' ? input : decoder.decode(input);
  const bom = text.startsWith('\uFEFF');
  if (bom) text = text.slice(1);
  const nulAt = text.indexOf('\0');
  if (nulAt < 0) return { text, bom, nul: null };
  const before = text.slice(0, nulAt);
  const lineStart = before.lastIndexOf('\n') + 1;
  const line = countNewlines(before) + 1;
  const rest = text.slice(nulAt);
  const linesIgnored = countNewlines(rest.endsWith('\n') ? rest.slice(0, -1) : rest);
  return { text: before, bom, nul: { line, column: nulAt - lineStart + 1, linesIgnored } };
}

function countNewlines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/**
 * U-Boot's size estimate (`part_list_size`, spec §2): 1 plus every `\n` not followed by `#`, counting empty
 * lines; above 240 (PHASE_LAST_USER) it refuses the layout before reading any line.
 */
export function ubootLineBudget(text: string): number {
  let size = 1;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) {
    if (text[at + 1] !== '#') size++;
  }
  return size;
}

/**
 * Named choice: the most physical lines (comments and empty lines included) a layout may have; a longer file is
 * refused before it is parsed (LAYOUT_TOO_MANY_LINES). U-Boot refuses a layout whose budget (above) passes 240;
 * real layouts have 5 to 40 lines. 512 stays above U-Boot's limit with room for comment lines (which U-Boot
 * does not count), so a file U-Boot refuses for its size up to about twice its limit is still parsed and
 * reported in U-Boot's own words (TOO_MANY_PARTITIONS), while the checker's worst case (the rules comparing
 * every line with the others) stays in milliseconds and a 1 MiB file of newlines costs one scan of its bytes.
 */
export const maxLayoutLines = 512;

/** Physical lines of a file's bytes: its `\n` count, plus one for a last line without `\n`. */
export function countLines(bytes: Uint8Array): number {
  let count = 0;
  for (let at = bytes.indexOf(0x0a); at >= 0; at = bytes.indexOf(0x0a, at + 1)) count++;
  return bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a ? count + 1 : count;
}
