import type { LayoutIssue, LayoutIssueCode, LayoutIssueSeverity } from '../../../shared/layout';

/** Where an issue points: a 1-based line and column; line 0 is the file as a whole. */
export interface IssuePlace {
  readonly line: number;
  readonly column: number;
}

export const wholeFile: IssuePlace = { line: 0, column: 0 };

export function layoutIssue(
  code: LayoutIssueCode,
  severity: LayoutIssueSeverity,
  place: IssuePlace,
  message: string,
  hint: string,
): LayoutIssue {
  return { code, severity, line: place.line, column: place.column, message, hint };
}

/** Issues in reading order: whole-file issues first, then by line and column. */
export function sortIssues(issues: readonly LayoutIssue[]): LayoutIssue[] {
  return [...issues].sort((a, b) => a.line - b.line || a.column - b.column);
}

export function hasErrors(issues: readonly LayoutIssue[]): boolean {
  return issues.some((issue) => issue.severity === 'error');
}

/** `0x%02x` as U-Boot prints phase ids. */
export function hexId(id: number): string {
  return `0x${id.toString(16).padStart(2, '0')}`;
}

/** `0x%llx` as U-Boot prints addresses. */
export function hexAddress(value: bigint): string {
  return `0x${value.toString(16)}`;
}
