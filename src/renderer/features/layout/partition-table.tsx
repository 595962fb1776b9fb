import type { LayoutCheckReport, LayoutIssue, LayoutPartitionReport } from '../../../shared/layout';
import { formatBytes } from '../../app/format-bytes';
import { isExcludable } from './memory-plan';

const columns = ['Write', 'Opt', 'Id', 'Name', 'Type', 'IP', 'Offset', 'Size', 'Binary', 'Status'] as const;

function statusOf(issues: readonly LayoutIssue[]): { text: string; tone: 'ok' | 'warning' | 'error' } {
  if (issues.some((issue) => issue.severity === 'error')) return { text: 'Error', tone: 'error' };
  if (issues.length > 0) return { text: 'Warning', tone: 'warning' };
  return { text: 'OK', tone: 'ok' };
}

function IssueList({ issues }: { issues: readonly LayoutIssue[] }) {
  return (
    <ul className="issue-list">
      {issues.map((issue, index) => (
        <li key={`${issue.code}-${index}`} className={`issue issue-${issue.severity}`}>
          <span className="issue-where">
            {issue.line > 0 ? `line ${issue.line}, column ${issue.column}` : 'whole file'}
          </span>{' '}
          <strong>
            {issue.severity === 'error' ? 'Error' : 'Warning'} {issue.code}
          </strong>
          : {issue.message}
          <div className="issue-hint">{issue.hint}</div>
        </li>
      ))}
    </ul>
  );
}

interface RowProps {
  readonly partition: LayoutPartitionReport;
  readonly issues: readonly LayoutIssue[];
  readonly excluded: boolean;
  readonly onToggle: ((line: number) => void) | null;
}

function PartitionRow({ partition, issues, excluded, onToggle }: RowProps) {
  const status = statusOf(issues);
  const id = partition.id === null ? '?' : `0x${partition.id.toString(16).padStart(2, '0')}`;
  return (
    <>
      <tr
        className={`partition-row tone-${status.tone}${excluded ? ' partition-excluded' : ''}`}
        data-line={partition.line}
      >
        <td>
          {onToggle !== null && isExcludable(partition) ? (
            <input
              type="checkbox"
              aria-label={`Write ${partition.name}`}
              checked={!excluded}
              onChange={() => onToggle(partition.line)}
            />
          ) : (
            <span
              className="write-fixed"
              title={partition.opt === '-' ? 'Not selected in the layout' : 'Always sent'}
            >
              {partition.opt === '-' ? '–' : '✓'}
            </span>
          )}
        </td>
        <td>{partition.opt}</td>
        <td>{id}</td>
        <td>{partition.name}</td>
        <td>{partition.type}</td>
        <td>{partition.ip}</td>
        <td className="mono">{partition.offset}</td>
        <td title={partition.size === null ? undefined : `${partition.size} bytes`}>
          {partition.size === null ? '–' : formatBytes(Number(partition.size))}
        </td>
        <td className="mono binary-cell">{partition.binary}</td>
        <td className={`status status-${status.tone}`}>{status.text}</td>
      </tr>
      {issues.length > 0 && (
        <tr className="issue-row">
          <td colSpan={columns.length}>
            <IssueList issues={issues} />
          </td>
        </tr>
      )}
    </>
  );
}

interface TableProps {
  readonly report: LayoutCheckReport;
  /** Lines the user left out of the next run. */
  readonly excludedLines?: ReadonlySet<number>;
  /** Include or exclude a line; absent: the table only shows. */
  readonly onToggle?: (line: number) => void;
}

/** The layout's partitions in file order, each with the issues found on its line. */
export function PartitionTable({ report, excludedLines = new Set(), onToggle }: TableProps) {
  const byLine = new Map<number, LayoutIssue[]>();
  for (const issue of report.issues) byLine.set(issue.line, [...(byLine.get(issue.line) ?? []), issue]);
  const fileIssues = byLine.get(0) ?? [];
  return (
    <>
      {fileIssues.length > 0 && <IssueList issues={fileIssues} />}
      <table className="partition-table" aria-label="Partitions">
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.layout.partitions.map((partition) => (
            <PartitionRow
              key={partition.line}
              partition={partition}
              issues={byLine.get(partition.line) ?? []}
              excluded={excludedLines.has(partition.line)}
              onToggle={onToggle ?? null}
            />
          ))}
        </tbody>
      </table>
    </>
  );
}
