import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgramEvent, ResultEvent } from '../../../shared/program-events';
import { BlockMap } from '../../engine/image/block-map';
import { writeBmapFile } from '../../engine/image/bmap-file';
import { makeTempDir, removeTempDir } from '../../engine/layout/test-support/layout-images';
import { exitCodes } from '../exit-codes';
import { type FastCase, stageFastFixture } from '../program/test-support/fast-path-fixture';
import { programSim } from '../program/test-support/program-sim';
import { fixtureImageBytes } from '../program/test-support/staged-fixture';

/** Faults keep their meaning on the fast path (issue 26 acceptance), on the MP15 SD fixture with a fastboot-sdcard FIP. */
const fastCase: FastCase = {
  fixture: 'stm32mp157c-ev1-sdcard-fwu-pe-tfa-ci-2024.tsv',
  soc: 'mp15',
  fastboot: 'sdcard',
};

let dir = '';
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => removeTempDir(dir));

async function run(name: string, extra: readonly string[], prepare?: (work: string) => Promise<void>) {
  const work = path.join(dir, name);
  const staged = await stageFastFixture(fastCase, work);
  await prepare?.(work);
  const { code, events } = await programSim(staged, work, fastCase.soc, ['--fast', 'on', ...extra]);
  return { code, events, result: events.at(-1) as ResultEvent };
}

const reachedFastboot = (events: readonly ProgramEvent[]): boolean =>
  events.some((event) => event.type === 'stage' && event.stage === 'uboot-fastboot');

describe.concurrent('faults on the fast path', () => {
  it('never back as 0483:0afb: DEVICE_NEVER_RETURNED, naming --fast off', async () => {
    const { result } = await run('no-return', [
      '--sim-fault',
      'fastboot-no-return',
      '--reconnect-timeout',
      '1000',
    ]);
    expect(result).toMatchObject({ ok: false, code: 'DEVICE_NEVER_RETURNED' });
    expect(result.message).toContain('--fast off');
    expect(result.hints[0]).toContain('--fast off');
    // The host-access hint is the fastboot device's (a udev rule line for 0afb), not the DFU device's.
    expect(result.hints.join('\n')).toContain('fastboot device (USB 0483:0afb)');
  });

  it('a FAIL on flash: FASTBOOT_FAILED quoting the board', async () => {
    const { result, events } = await run('flash-fail', ['--sim-fault', 'flash-fail=rootfs']);
    expect(reachedFastboot(events)).toBe(true);
    expect(result).toMatchObject({ ok: false, code: 'FASTBOOT_FAILED' });
    expect(result.message).toMatch(/flash:rootfs: the board answered FAIL ".+"/);
    expect(result.partitions.find((partition) => partition.name === 'bootfs')?.status).toBe('written');
    expect(result.partitions.find((partition) => partition.name === 'rootfs')?.status).not.toBe('written');
  });

  it('unplugged mid-download: DEVICE_UNPLUGGED', async () => {
    const { result, events } = await run('unplug', ['--sim-fault', 'unplug=download:3']);
    expect(reachedFastboot(events)).toBe(true);
    expect(result).toMatchObject({ ok: false, code: 'DEVICE_UNPLUGGED' });
  });

  it('a stale bmap is refused, naming it, before the board leaves DFU', async () => {
    const { result, events, code } = await run('stale-bmap', [], async (work) => {
      const image = path.join(work, 'rootfs.ext2');
      const map = new BlockMap();
      map.addBytes(0n, 4096n);
      // A bmap written for an image of another size: it does not describe this one.
      await writeBmapFile(`${image}.bmap`, image, fixtureImageBytes * 2, map);
    });
    expect(result).toMatchObject({ ok: false, code: 'FAST_BMAP_STALE' });
    expect(result.message).toContain('rootfs.ext2.bmap');
    expect(code).not.toBe(exitCodes.success);
    expect(reachedFastboot(events)).toBe(false);
    expect(
      events.filter((event) => event.type === 'reconnect' && event.expectedStage === 'uboot-fastboot'),
    ).toEqual([]);
  });
});
