import { describe, expect, it } from 'vitest';
import {
  type StationRecord,
  csvCell,
  stationCsvColumns,
  stationCsvHeader,
  stationRecordSchema,
  stationRecordToCsvRow,
} from './station-record';

const record: StationRecord = {
  schemaVersion: 1,
  timestamp: '2026-12-02T23:00:00.000Z',
  station: 'line-4',
  slot: 'position 3',
  port: '1-2.3',
  boardId: 'b3',
  serial: null,
  soc: 'mp13',
  revision: null,
  recipeId: null,
  layoutSha256: null,
  imageSha256: { 'tf-a.stm32': 'e'.repeat(64) },
  result: 'FAIL',
  code: 'DEVICE_NEVER_RETURNED',
  hint: 'Check, then "retry"',
  partitions: [{ id: 0x22, name: 'rootfs', bytes: 0, ms: 0.4, status: 'pending' }],
  totalMs: 31000,
  appVersion: '0.1.0',
};

describe('station record', () => {
  it('accepts a FAIL with its code and a PASS without one, nothing else', () => {
    expect(stationRecordSchema.parse(record)).toEqual(record);
    expect(stationRecordSchema.safeParse({ ...record, result: 'PASS', code: null }).success).toBe(true);
    expect(stationRecordSchema.safeParse({ ...record, code: null }).success).toBe(false);
    expect(stationRecordSchema.safeParse({ ...record, result: 'PASS' }).success).toBe(false);
    expect(stationRecordSchema.safeParse({ ...record, code: 'NOT_A_CODE' }).success).toBe(false);
    expect(stationRecordSchema.safeParse({ ...record, timestamp: 'yesterday' }).success).toBe(false);
    expect(stationRecordSchema.safeParse({ ...record, layoutSha256: 'ABC' }).success).toBe(false);
    expect(stationRecordSchema.safeParse({ ...record, schemaVersion: 2 }).success).toBe(false);
  });

  it('has a header and rows in one stable column order', () => {
    expect(stationCsvHeader()).toBe(
      'timestamp,station,slot,port,boardId,serial,soc,revision,result,code,hint,totalMs,partitions,recipeId,' +
        'layoutSha256,imageSha256,appVersion,schemaVersion\r\n',
    );
    expect(stationCsvColumns).toHaveLength(18);
    expect(stationRecordToCsvRow(record)).toBe(
      '2026-12-02T23:00:00.000Z,line-4,position 3,1-2.3,b3,,mp13,,FAIL,DEVICE_NEVER_RETURNED,' +
        `"Check, then ""retry""",31000,0x22 rootfs pending 0 B 0 ms,,,tf-a.stm32=${'e'.repeat(64)},0.1.0,1\r\n`,
    );
  });

  it('quotes a cell only when it must, and keeps a formula from running', () => {
    expect(csvCell('plain text')).toBe('plain text');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\r')).toBe('"cr\r"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('@SUM(A1)')).toBe(`'@SUM(A1)`);
  });
});
