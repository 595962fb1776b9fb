import { z } from 'zod';
import { socs } from './board';
import { partitionStatuses, programFailureCodes } from './program-events';

/**
 * One board attempt at a factory station (issue 22 item 4): what the station log keeps, one JSON line and one CSV
 * row per record. The JSON lines file is the source of truth; the CSV carries the same record for a spreadsheet.
 */

/** Bumped when a field changes meaning or goes away; new fields keep the version. */
export const stationRecordSchemaVersion = 1;

export const stationResults = ['PASS', 'FAIL'] as const;
export type StationResult = (typeof stationResults)[number];

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lower-case hex (64 digits)');

export const stationPartitionSchema = z.object({
  id: z.number().int().min(0).max(0xff),
  name: z.string(),
  /** Bytes the board acknowledged. */
  bytes: z.number().int().min(0),
  /** Time spent sending this partition. */
  ms: z.number().min(0),
  status: z.enum(partitionStatuses),
});
export type StationPartition = z.infer<typeof stationPartitionSchema>;

export const stationRecordSchema = z
  .object({
    schemaVersion: z.literal(stationRecordSchemaVersion),
    /** When the attempt ended (ISO 8601, UTC). */
    timestamp: z.iso.datetime({ offset: true }),
    /** The station: host name or the name the recipe gives it. */
    station: z.string(),
    /** The slot's name ("position 3"). */
    slot: z.string(),
    /** The USB port path of the slot, e.g. `1-2.3`. */
    port: z.string(),
    /** The board tracker's id for the board. */
    boardId: z.string(),
    serial: z.string().nullable(),
    soc: z.enum(socs).nullable(),
    revision: z.string().nullable(),
    recipeId: z.string().nullable(),
    layoutSha256: sha256.nullable(),
    /** Each image's SHA-256, by the name the recipe gives the image. */
    imageSha256: z.record(z.string(), sha256),
    result: z.enum(stationResults),
    /** Why the attempt failed; null for a PASS. */
    code: z.enum(programFailureCodes).nullable(),
    /** The diagnosis's first hint, or null. */
    hint: z.string().nullable(),
    partitions: z.array(stationPartitionSchema),
    totalMs: z.number().min(0),
    appVersion: z.string(),
    /**
     * Read-back verify (the recipe's `verify`): `passed` every written partition read back equal, `failed` one
     * differed (VERIFY_MISMATCH), `incomplete` the run ended before or some memory gave no read-back, `off` not
     * asked. Absent in records written before it existed.
     */
    verify: z.enum(['off', 'passed', 'failed', 'incomplete']).optional(),
  })
  .refine((record) => (record.result === 'PASS') === (record.code === null), {
    message: 'a PASS has no failure code and a FAIL has one',
    path: ['code'],
  });
export type StationRecord = z.infer<typeof stationRecordSchema>;

/**
 * The CSV columns, in order; stable: a new column goes at the end. Nested values are written in one cell each:
 * `imageSha256` as `name=sha256` pairs and `partitions` as `0xID name status BYTES B MS ms`, both joined by `; `.
 */
export const stationCsvColumns = [
  'timestamp',
  'station',
  'slot',
  'port',
  'boardId',
  'serial',
  'soc',
  'revision',
  'result',
  'code',
  'hint',
  'totalMs',
  'partitions',
  'recipeId',
  'layoutSha256',
  'imageSha256',
  'appVersion',
  'schemaVersion',
] as const satisfies readonly (keyof StationRecord)[];
export type StationCsvColumn = (typeof stationCsvColumns)[number];

/** The values of one CSV row, unquoted, in `stationCsvColumns` order; null is an empty cell. */
export function stationRecordCells(record: StationRecord): string[] {
  return stationCsvColumns.map((column) => cellOf(record, column));
}

function cellOf(record: StationRecord, column: StationCsvColumn): string {
  switch (column) {
    case 'partitions':
      return record.partitions
        .map(
          (p) =>
            `0x${p.id.toString(16).padStart(2, '0')} ${p.name} ${p.status} ${p.bytes} B ${Math.round(p.ms)} ms`,
        )
        .join('; ');
    case 'imageSha256':
      return Object.entries(record.imageSha256)
        .map(([name, hash]) => `${name}=${hash}`)
        .join('; ');
    default: {
      const value = record[column];
      return value === null ? '' : String(value);
    }
  }
}

/**
 * One cell quoted as RFC 4180 asks: in double quotes when it holds a comma, a quote, CR or LF (a quote doubled).
 * A cell a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR: a board's serial is
 * whatever its USB descriptor says) is prefixed with `'`, so it is shown as text.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The CSV line ending (RFC 4180). */
export const csvLineEnd = '\r\n';

/** The header row, with its line ending. */
export function stationCsvHeader(): string {
  return stationCsvColumns.map(csvCell).join(',') + csvLineEnd;
}

/** One record as one CSV row, with its line ending. */
export function stationRecordToCsvRow(record: StationRecord): string {
  return stationRecordCells(record).map(csvCell).join(',') + csvLineEnd;
}
