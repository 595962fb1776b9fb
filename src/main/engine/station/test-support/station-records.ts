import { parse } from 'csv-parse/sync';
import { type StationRecord, stationRecordSchemaVersion } from '../../../../shared/station-record';

const hashOf = (digit: string): string => digit.repeat(64);

/** A complete PASS record for board `n`; fields may be overridden. */
export function stationRecord(n = 1, overrides: Partial<StationRecord> = {}): StationRecord {
  return {
    schemaVersion: stationRecordSchemaVersion,
    timestamp: new Date(Date.UTC(2026, 11, 2, 12, 0, 0, n)).toISOString(),
    station: 'line-4',
    slot: `position ${n}`,
    port: `1-2.${n}`,
    boardId: `board-${n}`,
    serial: `0030002E3${n}`,
    soc: 'mp15',
    revision: 'B',
    recipeId: 'dk1-sdcard-v3',
    layoutSha256: hashOf('a'),
    imageSha256: { 'tf-a.stm32': hashOf('b'), 'u-boot.stm32': hashOf('c') },
    result: 'PASS',
    code: null,
    hint: null,
    partitions: [
      { id: 0x01, name: 'fsbl1', bytes: 262144, ms: 850, status: 'written' },
      { id: 0x03, name: 'ssbl', bytes: 1048576, ms: 2100.4, status: 'written' },
    ],
    totalMs: 9120,
    appVersion: '0.1.0',
    ...overrides,
  };
}

/** A CSV file's rows as objects keyed by the header (a reader for tests; the product writes CSV, never reads it). */
export function parseStationCsv(text: string): Record<string, string>[] {
  return parse(text, { columns: true, skip_empty_lines: true, relax_column_count: true }) as Record<
    string,
    string
  >[];
}
