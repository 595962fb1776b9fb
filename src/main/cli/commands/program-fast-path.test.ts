import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultEvent } from '../../../shared/program-events';
import { BlockMap } from '../../engine/image/block-map';
import { writeBmapFile } from '../../engine/image/bmap-file';
import { makeTempDir, removeTempDir } from '../../engine/layout/test-support/layout-images';
import { expectLayoutInMemories } from '../program/test-support/expect-layout-in-memories';
import { type FastCase, stageFastFixture } from '../program/test-support/fast-path-fixture';
import { programSim } from '../program/test-support/program-sim';
import { gptEntriesOf, type GptEntryOnDisk } from '../program/test-support/gpt-entries';
import { readAt } from '../program/test-support/memory-readback';

/**
 * The fast path end to end on virtual boards (issue 26 acceptance): for SD fixtures the fast path can take, with
 * the matching virtual FIP (a U-Boot that runs scripts, built to flash the layout's memory), `--fast on` goes over
 * fastboot and `--fast off` over DFU, and both leave the same partition entries and the same bytes.
 */
const cases: readonly FastCase[] = [
  { fixture: 'stm32mp135d-atk-sdcard-optee-doubled-tabs.tsv', soc: 'mp13', fastboot: 'stock' },
  { fixture: 'stm32mp157c-ev1-sdcard-fwu-pe-tfa-ci-2024.tsv', soc: 'mp15', fastboot: 'sdcard' },
];

let dir = '';
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => removeTempDir(dir));

/** What both paths must agree on; the last partition's end is left out (stm32prog and `gpt write` size it differently). */
function comparable(entries: readonly GptEntryOnDisk[]) {
  return entries.map((entry, index) => ({
    name: entry.name,
    type: entry.type,
    firstLba: entry.firstLba,
    lastLba: index === entries.length - 1 ? 'last' : entry.lastLba,
    bootable: (entry.attributes & 4n) !== 0n,
    // Fixed UUIDs only: stm32prog gives rootfs and the FIP partitions fixed ones, the others are random.
    unique: /^(rootfs|fip-a|fip-b)$/.test(entry.name) ? entry.unique : 'random',
  }));
}

describe.concurrent('the fast path on a virtual board', () => {
  it.each(cases)(
    '$fixture ($soc): --fast on and --fast off leave the same partitions and bytes',
    async (fastCase) => {
      const work = path.join(dir, fastCase.fixture.replace(/\.tsv$/, ''));
      const staged = await stageFastFixture(fastCase, work);
      const fast = await programSim(staged, work, fastCase.soc, ['--fast', 'on']);
      const result = fast.events.at(-1) as ResultEvent;
      expect(result, JSON.stringify(result)).toMatchObject({ ok: true, code: null });
      const stages = fast.events.flatMap((event) => (event.type === 'stage' ? [event.stage] : []));
      expect(stages.slice(-3)).toEqual(['uboot-layout', 'uboot-fastboot', 'done']);
      expect(result.partitions.every((partition) => partition.status === 'written')).toBe(true);
      // Each partition flashed over fastboot shows its progress as on the DFU path, once the board is 0afb.
      const from = fast.events.findIndex(
        (event) => event.type === 'stage' && event.stage === 'uboot-fastboot',
      );
      const flashed = fast.events
        .slice(from)
        .flatMap((event) => (event.type === 'partition-progress' && event.done ? [event.name] : []));
      const written = result.partitions.filter((partition) => partition.id >= 0x04);
      expect(flashed).toEqual(written.map((partition) => partition.name));

      const dfu = await programSim(staged, work, fastCase.soc, ['--fast', 'off']);
      expect(dfu.events.at(-1)).toMatchObject({ ok: true });
      expect(dfu.events.some((event) => event.type === 'stage' && event.stage === 'uboot-fastboot')).toBe(
        false,
      );

      await expectLayoutInMemories(fastCase.fixture, staged, fast.storage);
      await expectLayoutInMemories(fastCase.fixture, staged, dfu.storage);
      const fastGpt = await gptEntriesOf(path.join(fast.storage, 'mmc0.img'));
      const dfuGpt = await gptEntriesOf(path.join(dfu.storage, 'mmc0.img'));
      expect(comparable(fastGpt)).toEqual(comparable(dfuGpt));
    },
  );

  it('with a bmap, the ranges it leaves out keep what the memory held, and the run says they were skipped', async () => {
    const fastCase = cases[1];
    if (fastCase === undefined) throw new Error('no MP15 case');
    const work = path.join(dir, 'bmap');
    const staged = await stageFastFixture(fastCase, work);
    const rootfs = path.join(work, 'rootfs.ext2');
    const rootfsOffset = 0x02984400;
    const half = 32 * 1024;
    // First the whole partition holds a pattern, then an image with a bmap that maps only its first half.
    await writeFile(rootfs, new Uint8Array(2 * half).fill(0xa5));
    const first = await programSim(staged, work, fastCase.soc, ['--fast', 'on'], '-bmap');
    expect(first.events.at(-1)).toMatchObject({ ok: true });
    const image = new Uint8Array(2 * half).fill(0x3c);
    await writeFile(rootfs, image);
    const map = new BlockMap();
    map.addBytes(0n, BigInt(half));
    await writeBmapFile(`${rootfs}.bmap`, rootfs, image.length, map);
    const second = await programSim(staged, work, fastCase.soc, ['--fast', 'on'], '-bmap');
    expect(second.events.at(-1)).toMatchObject({ ok: true });
    expect(second.storage).toBe(first.storage);
    const written = await readAt(path.join(second.storage, 'mmc0.img'), rootfsOffset, 2 * half);
    expect(Buffer.from(written.subarray(0, half)).equals(Buffer.from(image.subarray(0, half)))).toBe(true);
    expect(written.subarray(half).every((byte) => byte === 0xa5)).toBe(true);
    expect(second.events).toContainEqual(
      expect.objectContaining({
        type: 'log',
        message: `rootfs: ${half} bytes the bmap marks unused were skipped (left as they were on the memory)`,
      }),
    );
  });

  it('--verify: --fast on refuses before anything is sent (FAST_VERIFY_UNAVAILABLE), --fast auto verifies over DFU', async () => {
    const fastCase = cases[1];
    if (fastCase === undefined) throw new Error('no MP15 case');
    const work = path.join(dir, 'verify');
    const staged = await stageFastFixture(fastCase, work);
    const refused = await programSim(staged, work, fastCase.soc, ['--fast', 'on', '--verify']);
    expect(refused.events.at(-1)).toMatchObject({ ok: false, code: 'FAST_VERIFY_UNAVAILABLE' });
    expect(refused.code).toBe(2);
    expect(refused.events.some((event) => event.type === 'partition-progress')).toBe(false);
    const verified = await programSim(staged, work, fastCase.soc, ['--fast', 'auto', '--verify']);
    expect(verified.events.at(-1)).toMatchObject({ ok: true });
    expect(verified.events).toContainEqual(
      expect.objectContaining({ type: 'partition-progress', step: 'verify', done: true, name: 'rootfs' }),
    );
    expect(verified.events.some((event) => event.type === 'stage' && event.stage === 'uboot-fastboot')).toBe(
      false,
    );
  });

  it('a partial update (--only) over fastboot keeps the partition table, as over DFU', async () => {
    const fastCase = cases[1];
    if (fastCase === undefined) throw new Error('no MP15 case');
    const work = path.join(dir, 'partial');
    const staged = await stageFastFixture(fastCase, work);
    const full = await programSim(staged, work, fastCase.soc, ['--fast', 'on'], '-partial');
    expect(full.events.at(-1)).toMatchObject({ ok: true });
    const before = await gptEntriesOf(path.join(full.storage, 'mmc0.img'));
    const bootfs = new Uint8Array(64 * 1024).fill(0x5a);
    await writeFile(path.join(work, 'bootfs.ext2'), bootfs);
    const partial = await programSim(
      staged,
      work,
      fastCase.soc,
      ['--fast', 'on', '--only', '0x10'],
      '-partial',
    );
    expect(partial.events.at(-1)).toMatchObject({ ok: true });
    expect(partial.events.some((event) => event.type === 'stage' && event.stage === 'uboot-fastboot')).toBe(
      true,
    );
    expect(await gptEntriesOf(path.join(partial.storage, 'mmc0.img'))).toEqual(before);
    const written = await readAt(path.join(partial.storage, 'mmc0.img'), 0x00984400, bootfs.length);
    expect(Buffer.from(written).equals(Buffer.from(bootfs))).toBe(true);
  });
});
