import type { FlashLayout } from './flash-layout';

/**
 * Writes a FlashLayout back as a TSV file: each line where the file had it (comments verbatim, empty lines
 * kept), columns as their text, one TAB between columns, LF line ends, no BOM. Parsing the result gives the
 * same partitions (texts, typed values, lines) and comments; only the column positions change when the file
 * had runs of TABs. A line with a trailing TAB is written without it.
 */
export function serializeFlashLayout(layout: FlashLayout): string {
  const lines = new Map<number, string>();
  for (const comment of layout.comments) lines.set(comment.line, comment.text);
  for (const partition of layout.partitions) {
    lines.set(partition.line, partition.fields.map((field) => field.text).join('\t'));
  }
  const count = Math.max(layout.lineCount, ...lines.keys());
  let text = '';
  for (let line = 1; line <= count; line++) text += `${lines.get(line) ?? ''}\n`;
  return text;
}
