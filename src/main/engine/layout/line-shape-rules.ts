import type { LayoutIssue } from '../../../shared/layout';
import { layoutColumns } from './flash-layout';
import { layoutIssue } from './layout-issue';
import { ubootSays } from './parse-columns';
import { type LayoutLine, nextNonEmptyField } from './split-layout-lines';

type DataLine = Extract<LayoutLine, { kind: 'data' }>;

/** U-Boot reads six columns (COL_NB_STM32); ST's host tool wants exactly seven (spec §2, §8). */
export const ubootColumns = 6;
export const hostToolColumns = 7;

/** The shape of one data line: column count, a trailing TAB, spaces around values U-Boot keeps. */
export function checkLineShape(entry: DataLine, lines: readonly LayoutLine[]): LayoutIssue[] {
  const issues: LayoutIssue[] = [];
  const { line, fields } = entry;
  const last = fields.at(-1);
  const endColumn = last === undefined ? 1 : last.column + last.text.length;
  if (entry.trailingTab !== null) issues.push(trailingTab(entry, entry.trailingTab, lines));
  if (fields.length < ubootColumns) {
    issues.push(
      layoutIssue(
        'TOO_FEW_COLUMNS',
        'error',
        { line, column: endColumn },
        `This line has ${fields.length} column${fields.length === 1 ? '' : 's'}; U-Boot needs ${ubootColumns} (${layoutColumns
          .slice(0, ubootColumns)
          .join(', ')}). ${ubootSays(`Layout line ${line}: no enought column`)}`,
        'Give every line Opt, Id, Name, Type, IP, Offset and Binary, separated by TABs (a space does not separate columns).',
      ),
    );
  } else if (fields.length !== hostToolColumns) {
    const extra = fields[hostToolColumns];
    issues.push(
      layoutIssue(
        'COLUMN_COUNT',
        'warning',
        { line, column: extra?.column ?? endColumn },
        `This line has ${fields.length} columns; ST's host tools want exactly ${hostToolColumns} ("TSV file is not conform, it may miss some columns or fields").`,
        extra === undefined
          ? 'Add the Binary column: a file path, or none when nothing is written.'
          : 'Remove the columns after Binary: U-Boot ignores them and ST’s tools refuse the line.',
      ),
    );
  }
  for (const [index, field] of fields.entries()) {
    // Spaces in Opt, Id, Type, IP and Offset make U-Boot refuse the value (those parsers say so);
    // in the Name, the Binary and extra columns they are kept, and rarely meant.
    if (index < 2 || (index > 2 && index < 6) || field.text.trim() === field.text) continue;
    const what = index === 2 ? 'Name' : index === 6 ? 'Binary' : `Column ${index + 1}`;
    issues.push(
      layoutIssue(
        'SPACE_AROUND_FIELD',
        'warning',
        { line, column: field.column },
        `${what} "${field.text}" has spaces around it, and they are part of the value.`,
        index === 2
          ? 'Remove the spaces: the ROM and TF-A look partitions up by exact name (fsbl1, fip-a, …).'
          : 'Remove the spaces: only TABs separate columns.',
      ),
    );
  }
  return issues;
}

function trailingTab(entry: DataLine, column: number, lines: readonly LayoutLine[]): LayoutIssue {
  const next = nextNonEmptyField(lines, entry.line + 1);
  const effect =
    next === null
      ? 'As the last line, U-Boot silently drops it (the partition is never created).'
      : `U-Boot then takes "${next.text}" on line ${next.line} as one more column of this line and reads the rest of line ${next.line} wrongly.`;
  return layoutIssue(
    'TRAILING_TAB',
    'warning',
    { line: entry.line, column },
    `This line ends with a TAB. ${effect} (ST's open-source tool and this one send the layout re-written without it; a tool that sends the file as is meets this.)`,
    'Delete the TAB(s) at the end of the line.',
  );
}
