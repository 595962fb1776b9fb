import { describe, expect, it } from 'vitest';
import { runRecordFieldsSchema, unfinishedIds } from '../../../shared/run-record';
import { FakeBridge } from '../../test-support/fake-bridge';
import { dk1Report, event } from '../../test-support/fixtures';
import { ContractClient } from '../../transport/contract-client';
import { collectRecordFields } from './run-record-fields';
import { idleRun, reduceRun } from './run-state';

describe("the app's report carries the CLI's run record fields", () => {
  it('layout and image SHA-256, the serial, and which memory lines were finished, in the shared schema', async () => {
    const report = dk1Report();
    const planned = report.layout.partitions.map((line) => ({
      id: line.id ?? 0,
      name: line.name,
      total: 4096,
    }));
    let run = reduceRun(idleRun, { type: 'start', boardId: 'board-1', plan: planned, at: 0 });
    const result = event(
      {
        type: 'result',
        ok: false,
        code: 'DEVICE_UNPLUGGED',
        warnings: [],
        partitions: planned.map((partition) => ({
          id: partition.id,
          name: partition.name,
          bytes: 4096,
          status: partition.id === 0x23 ? 'failed' : 'written',
        })),
        hints: [],
        message: 'unplugged',
        consoleLines: [],
      },
      1000,
    );
    run = reduceRun(run, { type: 'event', event: result, at: 1000 });
    const fields = await collectRecordFields(
      new ContractClient(new FakeBridge()),
      report.layout,
      'ab'.repeat(32),
      run,
      '004A00323137511139383538',
    );
    expect(runRecordFieldsSchema.parse(fields)).toEqual(fields);
    expect(fields?.layout).toEqual({ path: report.layout.path, sha256: 'ab'.repeat(32) });
    expect(fields?.images.map((image) => image.path)).toContain('/work/layouts/rootfs.ext4');
    expect(fields?.partitions.map((partition) => partition.id)).toEqual([0x04, 0x06, 0x21, 0x23]);
    expect(fields === null ? [] : unfinishedIds(fields)).toEqual([0x23]);
    expect(fields?.board).toEqual({ serial: '004A00323137511139383538' });
  });
});
