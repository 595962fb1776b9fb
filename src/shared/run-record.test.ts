import { describe, expect, it } from 'vitest';
import type { RunRecord } from './run-record';
import { runRecordSchema, unfinishedIds } from './run-record';

const sha = (digit: string): string => digit.repeat(64);

const record: RunRecord = {
  kind: 'stm32mp-flasher run record',
  recordVersion: 1,
  generatedAt: '2026-01-02T03:04:05.678Z',
  layout: { path: '/work/layout.tsv', sha256: sha('a') },
  images: [{ partitionId: 0x23, name: 'rootfs', path: '/work/rootfs.ext4', size: 4096, sha256: sha('b') }],
  board: { serial: '002800423232511538303631' },
  partitions: [
    { id: 0x21, name: 'bootfs', finished: true },
    { id: 0x23, name: 'rootfs', finished: false },
  ],
  outcome: { ok: false, code: 'DEVICE_UNPLUGGED' },
};

describe('the run record (program --report, --resume)', () => {
  it('survives JSON and the schema unchanged', () => {
    expect(runRecordSchema.parse(JSON.parse(JSON.stringify(record)))).toEqual(record);
  });

  it('refuses another version, a short hash, and a record without its partitions', () => {
    expect(runRecordSchema.safeParse({ ...record, recordVersion: 2 }).success).toBe(false);
    expect(runRecordSchema.safeParse({ ...record, layout: { path: 'x', sha256: 'abc' } }).success).toBe(
      false,
    );
    const { partitions: _partitions, ...withoutPartitions } = record;
    expect(runRecordSchema.safeParse(withoutPartitions).success).toBe(false);
  });

  it('says which partitions a resume still has to program', () => {
    expect(unfinishedIds(record)).toEqual([0x23]);
  });
});
