import type { LayoutCheckReport, LayoutIssue, LayoutPartitionReport } from '../../../shared/layout';
import './layout-view.css';
import { mapMemories } from './memory-map';
import { isExcludable } from './memory-plan';
import { BinaryCell, PartitionSpaceCells } from './partition-space-cells';

const columns = [
  'Opt',
  'Id',
  'Name',
  'Type',
  'IP',
  'Offset',
  'Size',
  'Image',
  'Free',
  'Status',
  'Binary',
] as const;

const spaceColumns: ReadonlySet<string> = new Set(['Offset', 'Size', 'Image', 'Free']);

const optTitle =
  "The layout's Opt column (P: program, D: delete, E: empty, -: not selected); untick a partition to leave it out of the next run";

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
  readonly last: boolean;
  readonly baseDir: string;
  readonly onToggle: ((line: number) => void) | null;
}

function PartitionRow({ partition, issues, excluded, last, baseDir, onToggle }: RowProps) {
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
            <span className="write-fixed" aria-hidden="true">
              {partition.opt === '-' ? '' : '✓'}
            </span>
          )}{' '}
          <span
            title={
              partition.opt === '-'
                ? 'Not selected in the layout'
                : isExcludable(partition)
                  ? undefined
                  : 'Always sent'
            }
          >
            {partition.opt}
          </span>
        </td>
        <td>{id}</td>
        <td>{partition.name}</td>
        <td>{partition.type}</td>
        <td>{partition.ip}</td>
        <PartitionSpaceCells partition={partition} last={last} />
        <td className={`status status-${status.tone}`}>{status.text}</td>
        <BinaryCell partition={partition} baseDir={baseDir} />
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
  const lastLines = new Set(
    mapMemories(report).flatMap((map) => {
      const last = map.segments.at(-1);
      return last?.kind === 'partition' ? [last.partition.line] : [];
    }),
  );
  return (
    <>
      {fileIssues.length > 0 && <IssueList issues={fileIssues} />}
      <div className="partition-table-scroll">
        <table className="partition-table" aria-label="Partitions">
          <thead>
            <tr>
              {columns.map((column) => (
                <th
                  key={column}
                  scope="col"
                  title={column === 'Opt' ? optTitle : undefined}
                  className={spaceColumns.has(column) ? 'space-cell' : undefined}
                >
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
                last={lastLines.has(partition.line)}
                baseDir={report.layout.baseDir}
                onToggle={onToggle ?? null}
              />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
