import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgramEvent, ResultEvent } from '../../../shared/program-events';
import { BlockMap } from '../../engine/image/block-map';
import { writeBmapFile } from '../../engine/image/bmap-file';
import { fastPathRows } from '../../engine/fast-path/test-support/fast-path-table';
import {
  fixturesDir,
  listFixtures,
  makeTempDir,
  removeTempDir,
} from '../../engine/layout/test-support/layout-images';
import { type FastCase, stageFastFixture } from '../program/test-support/fast-path-fixture';
import { fillHex, holdsFill, readMemory } from '../program/test-support/filled-memory';
import { gptEntriesOf, type GptEntryOnDisk } from '../program/test-support/gpt-entries';
import { placeOf } from '../program/test-support/memory-readback';
import { programSim } from '../program/test-support/program-sim';
import type { StagedFixture } from '../program/test-support/staged-fixture';

/**
 * Issue 26, first acceptance point. Every fixture docs/fast-path.md lists as fast (its rows come from the same
 * source as the docs table, so this list cannot drift from it), with the matching virtual FIP (the layout's own
 * FIP where that is fast, else ST's fastboot FIP for its memory), is programmed with `--fast on` and with
 * `--fast off` onto fresh memories filled with a pattern (`--sim-fill`). Both leave the same partition entries
 * and the same bytes over every range each image maps; neither writes past an image's end.
 */
const rows = fastPathRows(
  await Promise.all(
    (await listFixtures()).map(async (name) => ({
      name,
      text: await readFile(path.join(fixturesDir, name), 'utf8'),
    })),
  ),
);
const cases: FastCase[] = rows.flatMap((row): FastCase[] => {
  if (row.withFip.path === 'fast') return [{ fixture: row.name, soc: row.soc, fastboot: 'stock' }];
  if (row.withFastbootFip.path === 'fast')
    return [{ fixture: row.name, soc: row.soc, fastboot: row.fastbootFip }];
  return [];
});

let dir = '';
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => removeTempDir(dir));

const stagesOf = (events: readonly ProgramEvent[]): string[] =>
  events.flatMap((event) => (event.type === 'stage' ? [event.stage] : []));

/** The lines that put an image on a memory (not `E`mpty ones): which line, its bytes, and where U-Boot puts them. */
function writtenImages(staged: StagedFixture) {
  return staged.lines
    .filter((line) => line.ip !== 'none' && line.binary !== 'none')
    .filter((line) => line.option.includes('P') && !line.option.includes('E'))
    .map((line) => {
      const image = staged.images.get(line.id);
      if (image === undefined) throw new Error(`no image for ${line.name}`);
      return { line, image, place: placeOf(line, false) };
    });
}

/**
 * The allowed difference: only the last partition's last LBA. `gpt write` (the fast path's `oem format`, the
 * last line's `size=-`) ends it at the last usable LBA, `lba - 34`; stm32prog (DFU) sizes it up to its
 * `last_addr` (`init_device` in stm32prog.c): `(lba - 34 - 1) * 512` on an SD card, so it ends at `lba - 36`, and
 * `(lba - erase_grp_size) * 512` on an eMMC whose erase group is larger than 34 sectors (the virtual eMMC's is
 * 512 KiB, 1024 sectors), so it ends at `lba - 1025`.
 */
function lastLbas(memoryBytes: number, emmc: boolean): { fast: number; dfu: number } {
  const lba = memoryBytes / 512;
  return { fast: lba - 34, dfu: emmc ? lba - 1024 - 1 : lba - 34 - 1 - 1 };
}

const withoutLastEnd = (entries: readonly GptEntryOnDisk[]) =>
  entries.map((entry, index) => ({
    name: entry.name,
    type: entry.type,
    firstLba: entry.firstLba,
    lastLba: index === entries.length - 1 ? 'last' : entry.lastLba,
    bootable: (entry.attributes & 4n) !== 0n,
    // stm32prog gives rootfs and the FWU FIP partitions fixed UUIDs (so do the fast path's `partitions`); the
    // others are random on both paths.
    unique: /^(rootfs|fip-a|fip-b)$/.test(entry.name) ? entry.unique : 'random',
  }));

describe.concurrent('every fixture the fast path takes, on memories filled with a pattern', () => {
  it('is each fixture docs/fast-path.md lists as fast', () => {
    expect(cases.length).toBe(
      rows.filter((row) => [row.withFip, row.withFastbootFip].some((choice) => choice.path === 'fast'))
        .length,
    );
    expect(cases.length).toBeGreaterThan(0);
  });

  it.each(cases)(
    '$fixture ($soc, $fastboot FIP): --fast on and --fast off leave the same partitions and bytes',
    async (fastCase) => {
      const work = path.join(dir, fastCase.fixture.replace(/\.tsv$/, ''));
      const staged = await stageFastFixture(fastCase, work);
      const fast = await programSim(
        staged,
        work,
        fastCase.soc,
        ['--fast', 'on', '--sim-fill', fillHex],
        '-fast',
      );
      expect(fast.events.at(-1), JSON.stringify(fast.events.at(-1))).toMatchObject({ ok: true });
      expect(stagesOf(fast.events)).toContain('uboot-fastboot');
      const dfu = await programSim(
        staged,
        work,
        fastCase.soc,
        ['--fast', 'off', '--sim-fill', fillHex],
        '-dfu',
      );
      expect(dfu.events.at(-1), JSON.stringify(dfu.events.at(-1))).toMatchObject({ ok: true });
      expect(stagesOf(dfu.events)).not.toContain('uboot-fastboot');

      const images = writtenImages(staged);
      const userAreas = new Set(
        images.map((item) => item.place.file).filter((file) => !/-boot\d/.test(file)),
      );
      expect(userAreas.size).toBe(1);
      for (const file of userAreas) {
        const fastGpt = await gptEntriesOf(path.join(fast.storage, file));
        const dfuGpt = await gptEntriesOf(path.join(dfu.storage, file));
        expect(fastGpt.length).toBeGreaterThan(0);
        expect(withoutLastEnd(fastGpt), file).toEqual(withoutLastEnd(dfuGpt));
        const last = lastLbas((await stat(path.join(fast.storage, file))).size, file === 'mmc1.img');
        expect({ fast: fastGpt.at(-1)?.lastLba, dfu: dfuGpt.at(-1)?.lastLba }).toEqual(last);
      }
      for (const { line, image, place } of images) {
        for (const [path_, storage] of [
          ['fast', fast.storage],
          ['dfu', dfu.storage],
        ] as const) {
          const file = path.join(storage, place.file);
          const bytes = await readMemory(file, place.offset, image.length + 512);
          const where = `${line.name} (${line.option}) at ${place.file}:${place.offset}, ${path_} path`;
          expect(Buffer.from(bytes.subarray(0, image.length)).equals(Buffer.from(image)), where).toBe(true);
          // Past the image: the pattern, except where the partition was erased first (`D`: stm32prog over DFU,
          // `erase:` over fastboot).
          const after = bytes.subarray(image.length);
          const erased = line.option.includes('D');
          expect(
            erased ? after.every((byte) => byte === 0) : holdsFill(after, place.offset + image.length),
            `after ${where}`,
          ).toBe(true);
        }
      }
    },
  );

  it('with a bmap, the ranges it leaves out keep the pattern, and the run says how many bytes it skipped', async () => {
    const fastCase = cases.find((each) => each.fixture === 'stm32mp157c-ev1-sdcard-fwu-pe-tfa-ci-2024.tsv');
    if (fastCase === undefined) throw new Error('that fixture is no longer fast');
    const work = path.join(dir, 'bmap');
    const staged = await stageFastFixture(fastCase, work);
    const rootfs = staged.lines.find((line) => line.name === 'rootfs');
    if (rootfs === undefined) throw new Error('no rootfs line');
    const block = 4096;
    const image = new Uint8Array(64 * block);
    for (let at = 0; at < image.length; at++) image[at] = (at * 7 + 1) % 251;
    // Mapped: blocks 0-15 and 40-47; the other 40 blocks are left out.
    const mapped: [number, number][] = [
      [0, 16 * block],
      [40 * block, 48 * block],
    ];
    const map = new BlockMap();
    for (const [start, end] of mapped) map.addBytes(BigInt(start), BigInt(end));
    const imagePath = path.join(work, rootfs.binary);
    await writeFile(imagePath, image);
    await writeBmapFile(`${imagePath}.bmap`, imagePath, image.length, map);
    const run = await programSim(
      staged,
      work,
      fastCase.soc,
      ['--fast', 'on', '--sim-fill', fillHex],
      '-bmap',
    );
    expect(run.events.at(-1), JSON.stringify(run.events.at(-1))).toMatchObject({ ok: true });
    const offset = Number(rootfs.offset);
    const bytes = await readMemory(path.join(run.storage, `${rootfs.ip}.img`), offset, image.length);
    let at = 0;
    for (const [start, end] of [...mapped, [image.length, image.length] as const]) {
      expect(holdsFill(bytes.subarray(at, start), offset + at), `left out [${at}, ${start})`).toBe(true);
      expect(
        Buffer.from(bytes.subarray(start, end)).equals(Buffer.from(image.subarray(start, end))),
        `mapped [${start}, ${end})`,
      ).toBe(true);
      at = end;
    }
    // Said twice: in the run's log, and in the result (the JSON report's last line), on the partition.
    expect(run.events).toContainEqual(
      expect.objectContaining({
        type: 'log',
        message: `rootfs: ${40 * block} bytes the bmap marks unused were skipped (left as they were on the memory)`,
      }),
    );
    const result = run.events.at(-1) as ResultEvent;
    expect(result.partitions.find((partition) => partition.name === 'rootfs')).toMatchObject({
      status: 'written',
      skippedBytes: 40 * block,
    });
    expect(result.partitions.filter((partition) => partition.skippedBytes !== undefined)).toHaveLength(1);
  });
});
