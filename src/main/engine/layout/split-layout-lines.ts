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
 * csv-parse does the splitting: TAB delimiter, no quoting (a `"` is an ordinary character), LF records,
 * ragged lines allowed. Around it, what it cannot express:
 * - Line numbers: one record is one physical line (quoting is off and the record delimiter is LF only), so
 *   the record's index is its line. Named choice: csv-parse's `info` option is not used, because its
 *   `info.lines` also counts a `\r` as a line break, which U-Boot does not (each CRLF would count as two
 *   lines).
 * - A column's value ends at its first `\r`: U-Boot turns every `\r` into the end of a string.
 * - Empty columns are skipped, so runs of TABs and leading TABs act as one separator.
 * - A `#` that starts the first non-empty column makes the line a comment; anywhere else it is a character.
 */
export function splitLayoutLines(text: string): LayoutLine[] {
  if (text === '') return [];
  const rows = parse(text, {
    delimiter: '\t',
    quote: false,
    record_delimiter: '\n',
    relax_column_count: true,
    skip_empty_lines: false,
  });
  return rows.map((record, index) => classify(record, index + 1));
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
  for (const entry of lines) {
    if (entry.line < fromLine || entry.kind === 'empty') continue;
    if (entry.kind === 'data') return { line: entry.line, text: entry.fields[0]?.text ?? '' };
    const first = entry.text.split('\t').find((segment) => segment.split('\r')[0] !== '');
    if (first !== undefined) return { line: entry.line, text: first.split('\r')[0] ?? '' };
  }
  return null;
}
