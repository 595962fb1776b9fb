import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { noFaults } from '../board/board-faults';
import { phaseLedRun } from '../conformance/phase-led-run';
import type { RunRecord } from '../conformance/phase-led-run';
import { dataImage, fipImage, stm32Image } from '../conformance/test-images';
import { startBoardFarm } from '../sim/board-farm';

async function programOnce(
  dir: string,
  layout: string,
  images: Map<number, Uint8Array>,
): Promise<{ record: RunRecord | Error; console: readonly string[] }> {
  const farm = await startBoardFarm({
    count: 1,
    soc: 'mp15',
    generation: 'current',
    faults: [noFaults],
    speed: { kind: 'fast' },
    storageDir: dir,
  });
  const all = new Map(images);
  all.set(0x00, new TextEncoder().encode(layout));
  all.set(0x01, stm32Image('v1_0', 8192));
  all.set(0x03, fipImage(8192));
  const record = await phaseLedRun(farm.backend, all).catch((error: unknown) =>
    error instanceof Error ? error : new Error(String(error)),
  );
  const console = farm.boards[0]?.console.lines() ?? [];
  await farm.close();
  return { record, console };
}

async function readAt(path: string, offset: number, length: number): Promise<Uint8Array> {
  const file = await open(path);
  try {
    const bytes = new Uint8Array(length);
    await file.read(bytes, 0, length, offset);
    return bytes;
  } finally {
    await file.close();
  }
}

describe('U-Boot device init: GPT, partial update, erase, eMMC boot areas', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vboard-uboot-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a partial update writes no GPT and checks the existing one', async () => {
    const first = dataImage(16384);
    await programOnce(
      dir,
      'P\t0x04\tfsbl1\tBinary\tmmc0\t0x4400\nP\t0x10\trootfs\tFileSystem\tmmc0\t0x44400\n',
      new Map([
        [0x04, first],
        [0x10, first],
      ]),
    );
    const second = dataImage(16384);
    const partial = await programOnce(
      dir,
      '-\t0x04\tfsbl1\tBinary\tmmc0\t0x4400\nP\t0x10\trootfs\tFileSystem\tmmc0\t0x44400\n',
      new Map([[0x10, second]]),
    );
    expect(partial.record).not.toBeInstanceOf(Error);
    expect(partial.console.some((line) => line.includes('Writing GPT'))).toBe(false);
    expect(Buffer.compare(await readAt(join(dir, 'mmc0.img'), 0x44400, 16384), second)).toBe(0);
    expect(Buffer.compare(await readAt(join(dir, 'mmc0.img'), 0x4400, 16384), first)).toBe(0);

    const moved = await programOnce(
      dir,
      '-\t0x04\tfsbl1\tBinary\tmmc0\t0x4400\nP\t0x10\trootfs\tFileSystem\tmmc0\t0x84400\n',
      new Map([[0x10, second]]),
    );
    expect(moved.record).toBeInstanceOf(Error);
    // U-Boot checks in offset order: moving rootfs first changes fsbl1's size, and only the first error is kept.
    expect(String(moved.record)).toContain(
      'fsbl1 (0x4): Bad size for partition 1 (fsbl1) at 0x4400 = 0x80000 <> 0x40000 expected',
    );
    expect(moved.console).toContain(
      'Error: fsbl1 (0x4): Bad size for partition 1 (fsbl1) at 0x4400 = 0x80000 <> 0x40000 expected',
    );
  });

  it('a partial update on a blank disk cannot find the partition', async () => {
    const result = await programOnce(
      dir,
      '-\t0x04\tfsbl1\tBinary\tmmc0\t0x4400\nP\t0x10\trootfs\tFileSystem\tmmc0\t0x44400\n',
      new Map([[0x10, dataImage(4096)]]),
    );
    expect(String(result.record)).toContain("fsbl1 (0x4):Couldn't find part 2 on device mmc 0");
  });

  it('`D` erases a partition before programming; `E` creates it without data', async () => {
    const data = dataImage(65536);
    await programOnce(
      dir,
      'P\t0x10\tdata\tBinary\tmmc0\t0x4400\nP\t0x11\trootfs\tFileSystem\tmmc0\t0x44400\n',
      new Map([
        [0x10, data],
        [0x11, data],
      ]),
    );
    const result = await programOnce(
      dir,
      'P\t0x10\tdata\tBinary\tmmc0\t0x4400\nPDE\t0x11\trootfs\tFileSystem\tmmc0\t0x44400\n',
      new Map([[0x10, data]]),
    );
    expect(result.record).not.toBeInstanceOf(Error);
    expect(result.console).toContain('Erasing rootfs on mmc 0: done');
    expect((await readAt(join(dir, 'mmc0.img'), 0x44400, 65536)).every((byte) => byte === 0)).toBe(true);
    expect((await stat(join(dir, 'mmc0.img'))).blocks * 512).toBeLessThan(4 * 1024 * 1024);
  });

  it('eMMC boot areas go to their own files and the user area starts after one erase group (model choice memoryKinds)', async () => {
    const fsbl = stm32Image('v1_0', 12288);
    const result = await programOnce(
      dir,
      'P\t0x04\tfsbl1\tBinary\tmmc1\tboot1\nP\t0x05\tfsbl2\tBinary\tmmc1\tboot2\nP\t0x10\trootfs\tFileSystem\tmmc1\t0x80000\n',
      new Map([
        [0x04, fsbl],
        [0x05, fsbl],
        [0x10, dataImage(8192)],
      ]),
    );
    expect(result.record).not.toBeInstanceOf(Error);
    expect(Buffer.compare(await readAt(join(dir, 'mmc1-boot1.img'), 0, fsbl.length), fsbl)).toBe(0);
    expect(Buffer.compare(await readAt(join(dir, 'mmc1-boot2.img'), 0, fsbl.length), fsbl)).toBe(0);
    expect((await stat(join(dir, 'mmc1-boot1.img'))).size).toBe(4 * 1024 * 1024);
    expect(result.console).toContain('partitions on mmc1: Writing GPT: success!');
  });

  it('an address below the first usable one is refused with U-Boot text', async () => {
    const result = await programOnce(
      dir,
      'P\t0x10\tdata\tBinary\tmmc1\t0x4400\n',
      new Map([[0x10, dataImage(4096)]]),
    );
    expect(String(result.record)).toContain('data (0x10): invalid address 0x4400 (min=0x80000)');
  });
});
