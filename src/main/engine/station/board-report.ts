import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ResultEvent } from '../../../shared/program-events';
import type { StationRecord } from '../../../shared/station-record';

/** One board attempt's report: what a support thread needs, as the desk view's report gives for one run. */
export interface StationBoardReport {
  readonly reportVersion: 1;
  readonly record: StationRecord;
  readonly message: string | null;
  readonly hints: readonly string[];
  readonly warnings: ResultEvent['warnings'];
  /** The board's last console lines when its run failed. */
  readonly consoleLines: readonly string[];
}

const safe = (text: string): string => text.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 64);

/**
 * Writes `<folder>/reports/<time>-<slot>-<serial or port>.json` beside the station log and answers its path. The
 * log's record is the proof of a PASS; this report is for reading one board's attempt later.
 */
export async function writeBoardReport(
  folder: string,
  record: StationRecord,
  result: ResultEvent,
): Promise<string> {
  const dir = path.join(folder, 'reports');
  await mkdir(dir, { recursive: true });
  const name = `${record.timestamp.replace(/[:.]/g, '-')}-${safe(record.slot)}-${safe(record.serial ?? record.port)}.json`;
  const report: StationBoardReport = {
    reportVersion: 1,
    record,
    message: result.message,
    hints: result.hints,
    warnings: result.warnings,
    consoleLines: result.consoleLines,
  };
  const file = path.join(dir, name);
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
