import type { CliIo } from '../cli-io';

/** The terminal's width in columns (80 when it does not say). */
export function terminalColumns(io: CliIo): number {
  const columns = (io.stdout as { columns?: number }).columns;
  return typeof columns === 'number' && columns > 0 ? columns : 80;
}

/** Cuts a line to `width` characters, marking the cut with `…`. */
export function fitToWidth(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  return `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

/**
 * Breaks a line into rows of at most `width` characters at spaces (a word longer than a row is cut), the rows
 * after the first indented as the first one is: on a terminal a long hint reads as a paragraph, and no row wraps.
 */
export function wrapToWidth(text: string, width: number): string[] {
  const indent = /^\s*/.exec(text)?.[0] ?? '';
  const room = Math.max(10, width);
  const rows: string[] = [];
  let row = '';
  for (const word of text.trim().split(/ +/)) {
    const start = rows.length === 0 && row === '' ? indent : '';
    const candidate =
      row === '' ? `${start || (rows.length > 0 ? `${indent}  ` : '')}${word}` : `${row} ${word}`;
    if ([...candidate].length <= room) {
      row = candidate;
      continue;
    }
    if (row !== '') rows.push(row);
    let rest = `${rows.length > 0 ? `${indent}  ` : indent}${word}`;
    while ([...rest].length > room) {
      rows.push([...rest].slice(0, room).join(''));
      rest = `${indent}  ${[...rest].slice(room).join('')}`;
    }
    row = rest;
  }
  if (row !== '' || rows.length === 0) rows.push(row);
  return rows;
}
