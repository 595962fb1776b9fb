import { parse } from 'csv-parse/sync';
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
 * csv-parse does the splitting (the product's choice of parser): TAB delimiter, no quoting (a `"` is an ordinary
 * character), LF records, ragged lines allowed; a final LF ends the last line, it does not start an empty one.
 * Around it, what it cannot express:
 * - Line numbers: one record is one physical line (quoting is off and the record delimiter is LF only), so the
 *   record's index is its line. csv-parse's `info.lines` is not used: it also counts a `\r` as a line break,
 *   which U-Boot does not.
 * - A column's value ends at its first `\r`: U-Boot turns every `\r` into the end of a string.
 * - Empty columns are skipped, so runs of TABs and leading TABs act as one separator.
 * - A `#` that starts the first non-empty column makes the line a comment; anywhere else it is a character.
 *
 * csv-parse is linear (about 300 ms per MiB here); a layout is at most 256 KiB (`maxLayoutBytes`) and 512 lines
 * before it gets here, so splitting holds the event loop well under 100 ms. Each record is then classified in one
 * scan of its text.
 */
export function splitLayoutLines(text: string): LayoutLine[] {
  if (text === '') return [];
  const records: string[][] = parse(text, {
    delimiter: tab,
    quote: false,
    record_delimiter: '\n',
    relax_column_count: true,
    skip_empty_lines: false,
  });
  return records.map((segments, index) => classify(segments.join(tab), index + 1));
}

const tab = '\t';
const cr = '\r';

/** One line, scanned once: no array of its segments, each value sliced once (a 1 MiB line of TABs is cheap). */
function classify(record: string, line: number): LayoutLine {
  const fields: LayoutField[] = [];
  /** End (0-based, exclusive) of the segment holding the last value; -1 before any. */
  let lastValueEnd = -1;
  let nextCr = record.indexOf(cr);
  for (let start = 0; start <= record.length;) {
    const tabAt = record.indexOf(tab, start);
    const end = tabAt < 0 ? record.length : tabAt;
    if (end > start && fields.length === 0 && record.charCodeAt(start) === 0x23) {
      return { kind: 'comment', line, text: withoutTrailingCr(record) };
    }
    if (nextCr >= 0 && nextCr < start) nextCr = record.indexOf(cr, start);
    const valueEnd = nextCr >= 0 && nextCr < end ? nextCr : end;
    if (valueEnd > start) {
      fields.push({ text: record.slice(start, valueEnd), column: start + 1 });
      lastValueEnd = end;
    }
    if (tabAt < 0) break;
    start = tabAt + 1;
  }
  if (fields.length === 0) return { kind: 'empty', line };
  // A TAB after the last value starts an empty last field; its 1-based column is its index plus one.
  const trailingTab = lastValueEnd < record.length ? lastValueEnd + 1 : null;
  return { kind: 'data', line, fields, trailingTab };
}

/** The text without the `\r`s that end it (a loop: the regex /\r+$/ is quadratic on a line of `\r`s). */
function withoutTrailingCr(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x0d) end--;
  return text.slice(0, end);
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
