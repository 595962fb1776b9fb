import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ProgramEvent } from '../../../shared/program-events';
import { programEventSchema } from '../../../shared/program-events';
import type * as ProgramLayout from '../../engine/session/program-layout';
import { makeTempDir, removeTempDir } from '../../engine/layout/test-support/layout-images';
import { runCli } from '../cli-program';
import { exitCodes } from '../exit-codes';
import { fakeCliIo } from '../fake-cli-io';
import { fixtureImageBytes, stageLayout } from '../program/test-support/staged-fixture';

/** What happens to the files once `program` has checked and planned the layout, before any board is used. */
const afterCheck = vi.hoisted(() => ({ action: null as (() => Promise<void>) | null }));

vi.mock('../../engine/session/program-layout', async (importOriginal) => {
  const actual = await importOriginal<typeof ProgramLayout>();
  return {
    ...actual,
    prepareLayoutRun: async (...args: Parameters<typeof actual.prepareLayoutRun>) => {
      const prepared = await actual.prepareLayoutRun(...args);
      await afterCheck.action?.();
      return prepared;
    },
  };
});

const dk1 = 'stm32mp157a-dk1-sdcard-trusted-blog.tsv';
const vendorfs = 'st-image-vendorfs-openstlinux-weston-stm32mp1.ext4';

let dir = '';
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => {
  await removeTempDir(dir);
});

describe('program, when an image changes between the check and the send', () => {
  it('an image rewritten larger after the check ends IMAGE_CHANGED naming the file; nothing of it is sent', async () => {
    const { layoutPath } = await stageLayout(dk1, path.join(dir, 'dk1'), 'mp15');
    const file = path.join(dir, 'dk1', vendorfs);
    afterCheck.action = () => writeFile(file, new Uint8Array(fixtureImageBytes + 4096).fill(0x5a));
    const io = fakeCliIo({ cwd: dir });
    const code = await runCli(
      [
        'program',
        layoutPath,
        '--json',
        '--sim',
        '--sim-speed',
        'fast',
        '--sim-storage',
        path.join(dir, 'sim'),
      ],
      io,
    );
    const events = io
      .out()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string })
      .filter((event) => event.type !== 'console')
      .map((event): ProgramEvent => programEventSchema.parse(event));
    const result = events.at(-1);
    expect(code).toBe(exitCodes.failed);
    expect(result).toMatchObject({ type: 'result', ok: false, code: 'IMAGE_CHANGED' });
    if (result?.type !== 'result') throw new Error('no result');
    expect(result.message).toContain(`partition 0x22 vendorfs changed after it was checked: ${file}`);
    expect(result.message).toContain(`size ${fixtureImageBytes} → ${fixtureImageBytes + 4096} bytes`);
    const sentOfVendorfs = events.flatMap((event) =>
      event.type === 'partition-progress' && event.partitionId === 0x22 ? [event.bytes] : [],
    );
    expect(sentOfVendorfs.every((bytes) => bytes === 0)).toBe(true);
    expect(result.partitions.find((partition) => partition.id === 0x21)).toMatchObject({ status: 'written' });
    expect(result.partitions.find((partition) => partition.id === 0x22)).toMatchObject({ bytes: 0 });
    expect(result.partitions.find((partition) => partition.id === 0x23)).toMatchObject({ status: 'pending' });
  });
});
