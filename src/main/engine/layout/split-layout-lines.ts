import type { LayoutField } from './flash-layout';

/** One physical line, classified as U-Boot's parse_flash_layout() would (spec §2). */
export type LayoutLine =
  | { readonly kind: 'empty'; readonly line: number }
  | { readonly kind: 'comment'; readonly line: number; readonly text: string }
  | {
      readonly kind: 'data';
      readonly line: number;
      readonly fields: readonly LayoutField[];
      /** Column of the TAB that starts an empty last field (the trailing-TAB quirk), or null. */
      readonly trailingTab: number | null;
    };

/**
 * Splits on LF, then on TAB, with nothing else special (no quoting: a `"` is an ordinary character; a final LF
 * ends the last line, it does not start an empty one). Around it, what U-Boot adds:
 * - Line numbers: one record is one physical line, so the record's index is its line (a `\r` is not a line
 *   break: U-Boot does not count it as one).
 * - A column's value ends at its first `\r`: U-Boot turns every `\r` into the end of a string.
 * - Empty columns are skipped, so runs of TABs and leading TABs act as one separator.
 * - A `#` that starts the first non-empty column makes the line a comment; anywhere else it is a character.
 *
 * Named choice: String.split, not csv-parse (used here until issue 20): with quoting off the two give the same
 * records (checked on random TAB/LF/CR/quote strings), and split is linear and about ten times faster (csv-parse
 * took about 300 ms per MiB on the event loop; a 1 MiB line of TABs now takes about 20 ms).
 */
export function splitLayoutLines(text: string): LayoutLine[] {
  if (text === '') return [];
  const records = text.split('\n');
  if (records.at(-1) === '') records.pop();
  return records.map((record, index) => classify(record.split('\t'), index + 1));
}

function classify(segments: readonly string[], line: number): LayoutLine {
  const fields: LayoutField[] = [];
  let start = 0;
  let lastValueSegment = -1;
  for (const [index, raw] of segments.entries()) {
    if (fields.length === 0 && raw.startsWith('#')) {
      return { kind: 'comment', line, text: segments.join('\t').replace(/\r+$/, '') };
    }
    const cut = raw.indexOf('\r');
    const value = cut < 0 ? raw : raw.slice(0, cut);
    if (value !== '') {
      fields.push({ text: value, column: start + 1 });
      lastValueSegment = index;
    }
    start += raw.length + 1;
  }
  if (fields.length === 0) return { kind: 'empty', line };
  const trailingTab = lastValueSegment < segments.length - 1 ? tabAfter(segments, lastValueSegment) : null;
  return { kind: 'data', line, fields, trailingTab };
}

/** 1-based column of the TAB that follows segment `index`. */
function tabAfter(segments: readonly string[], index: number): number {
  let column = 0;
  for (let i = 0; i <= index; i++) column += (segments[i] ?? '').length + 1;
  return column;
}

/** The first non-empty column at or after `fromLine` (comment lines included: U-Boot, misled by a trailing
 * TAB, no longer sees them as comments), as U-Boot would swallow it. */
export function nextNonEmptyField(
  lines: readonly LayoutLine[],
  fromLine: number,
): { line: number; text: string } | null {
  // lines[i] is line i + 1 (splitLayoutLines): start at fromLine, not at the top (linear over all lines).
  for (let index = Math.max(0, fromLine - 1); index < lines.length; index++) {
    const entry = lines[index];
    if (entry === undefined || entry.line < fromLine || entry.kind === 'empty') continue;
    if (entry.kind === 'data') return { line: entry.line, text: entry.fields[0]?.text ?? '' };
    const first = entry.text.split('\t').find((segment) => segment.split('\r')[0] !== '');
    if (first !== undefined) return { line: entry.line, text: first.split('\r')[0] ?? '' };
  }
  return null;
}
