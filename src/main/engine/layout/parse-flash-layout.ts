import type { LayoutIssue } from '../../../shared/layout';
import { phaseId } from '../../protocol/phase';
import type { FlashLayout, LayoutComment, LayoutField, Partition } from './flash-layout';
import { layoutIssue, wholeFile } from './layout-issue';
import { checkLineShape } from './line-shape-rules';
import { type ColumnResult, parseIp, parseName, parseOption, parseType } from './parse-columns';
import { parseId } from './parse-id-column';
import { parseOffset } from './parse-offset-column';
import { readLayoutText, ubootLineBudget } from './read-layout-text';
import { type LayoutLine, splitLayoutLines } from './split-layout-lines';

export interface ParsedFlashLayout {
  readonly layout: FlashLayout;
  /** What is wrong with single lines and columns; rules across lines are validateFlashLayout's. */
  readonly issues: LayoutIssue[];
}

/**
 * Reads a FlashLayout as U-Boot's parse_flash_layout() does (spec §2, §3), but never stops at the first
 * problem and never throws: every line is read and every problem reported.
 *
 * Named choice: lines are read one by one, as ST's host tool does. U-Boot's trailing-TAB quirk (a line ending
 * with a TAB swallows the next line's first column) is reported as TRAILING_TAB rather than reproduced, since
 * the layout a board receives is re-written without it (serialize-board-layout.ts).
 */
export function parseFlashLayout(input: Uint8Array | string): ParsedFlashLayout {
  const read = readLayoutText(input);
  const issues: LayoutIssue[] = [];
  if (read.bom) {
    issues.push(
      layoutIssue(
        'BOM',
        'warning',
        { line: 1, column: 1 },
        'The file starts with a UTF-8 byte order mark; U-Boot would read it as part of the first column.',
        'Save the file as UTF-8 without BOM (this tool ignores the mark and sends the layout without it).',
      ),
    );
  }
  if (read.nul !== null) {
    issues.push(
      layoutIssue(
        'NUL_BYTE',
        'warning',
        read.nul,
        `The file has a NUL byte here; U-Boot stops reading at it, so the ${read.nul.linesIgnored} line(s) after it are ignored.`,
        'Remove the NUL byte (is this really a text file?), or delete what follows it.',
      ),
    );
  }
  const budget = ubootLineBudget(read.text);
  if (budget > phaseId.lastUser) {
    issues.push(
      layoutIssue(
        'TOO_MANY_PARTITIONS',
        'error',
        wholeFile,
        `The file has too many lines for U-Boot (it counts ${budget}, empty lines included; the limit is ${phaseId.lastUser}). U-Boot refuses the layout: "Layout: too many partition (${budget})"`,
        'Remove empty lines and unused partitions; at most 240 lines may be counted.',
      ),
    );
  }
  const lines = splitLayoutLines(read.text);
  const partitions: Partition[] = [];
  const comments: LayoutComment[] = [];
  for (const entry of lines) {
    if (entry.kind === 'comment') comments.push({ line: entry.line, text: entry.text });
    if (entry.kind !== 'data') continue;
    issues.push(...checkLineShape(entry, lines));
    partitions.push(readPartition(entry, issues));
  }
  return { layout: { partitions, comments, lineCount: lines.length }, issues };
}

function readPartition(entry: Extract<LayoutLine, { kind: 'data' }>, issues: LayoutIssue[]): Partition {
  const { line, fields } = entry;
  const column = <T>(index: number, parser: (f: LayoutField, l: number) => ColumnResult<T>): T | null => {
    const field = fields[index];
    if (field === undefined) return null;
    const result = parser(field, line);
    issues.push(...result.issues);
    return result.value;
  };
  const binaryText = fields[6]?.text;
  return {
    line,
    fields,
    opt: column(0, parseOption),
    id: column(1, parseId),
    name: column(2, parseName),
    type: column(3, parseType),
    ip: column(4, parseIp),
    offset: column(5, parseOffset),
    binary: binaryText === undefined || binaryText === 'none' ? null : binaryText,
  };
}
