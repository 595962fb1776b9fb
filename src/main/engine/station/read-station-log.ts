import { type StationRecord, stationRecordSchema } from '../../../shared/station-record';
import { openRegularFile, readWithDeadline } from '../files/open-regular-file';

/** A line of the log that is not a record, and why (1-based line number). */
export interface SkippedLine {
  readonly line: number;
  readonly reason: string;
}

export interface StationLogReading {
  readonly records: StationRecord[];
  readonly skipped: SkippedLine[];
}

const chunkBytes = 1024 * 1024;

/**
 * Reads a station log's JSON lines file: every line parsed and checked against the record schema. A line torn by
 * a crash or power cut, or any line that is not a record, is skipped and reported with its number; only an
 * unreadable file throws (missing, or not a regular file: NotARegularFileError). Blank lines are not records and
 * are passed over without a report.
 */
export async function readStationLog(jsonlPath: string): Promise<StationLogReading> {
  const records: StationRecord[] = [];
  const skipped: SkippedLine[] = [];
  const decoder = new TextDecoder('utf-8');
  let lineNumber = 0;
  const take = (bytes: Uint8Array, ended: boolean): void => {
    lineNumber++;
    const text = decoder.decode(bytes).replace(/\r$/, '');
    if (text.trim() === '') return;
    const outcome = parseRecordLine(text, ended);
    if ('record' in outcome) records.push(outcome.record);
    else skipped.push({ line: lineNumber, reason: outcome.reason });
  };

  const { handle } = await openRegularFile(jsonlPath);
  try {
    const buffer = new Uint8Array(chunkBytes);
    let carry: Uint8Array[] = [];
    for (let position = 0; ;) {
      const read = await readWithDeadline(handle, buffer, 0, chunkBytes, position, `reading ${jsonlPath}`);
      if (read === 0) break;
      position += read;
      let start = 0;
      for (
        let end = buffer.indexOf(0x0a, start);
        end !== -1 && end < read;
        end = buffer.indexOf(0x0a, start)
      ) {
        take(Buffer.concat([...carry, buffer.subarray(start, end)]), true);
        carry = [];
        start = end + 1;
      }
      if (start < read) carry.push(buffer.slice(start, read));
    }
    if (carry.length > 0) take(Buffer.concat(carry), false);
  } finally {
    await handle.close();
  }
  return { records, skipped };
}

type LineOutcome = { readonly record: StationRecord } | { readonly reason: string };

function parseRecordLine(text: string, ended: boolean): LineOutcome {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return {
      reason: ended
        ? `not JSON: ${why}`
        : `the last line stops before its end (torn by a crash or power cut): ${why}`,
    };
  }
  const checked = stationRecordSchema.safeParse(value);
  if (checked.success) return { record: checked.data };
  const issue = checked.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? '' : `${issue.path.join('.')}: `;
  return { reason: `not a station record: ${where}${issue?.message ?? 'invalid'}` };
}
