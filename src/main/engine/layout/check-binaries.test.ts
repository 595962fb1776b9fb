import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseLayoutLines as base, runCheckCase } from './test-support/check-case';
import { makeTempDir, removeTempDir, stm32Image, writePlainImage } from './test-support/layout-images';
import { readFileStart, readStm32Header } from './stm32-image-header';
import { sumStm32Payload } from './stm32-payload-checksum';

const fiveGiB = 5 * 2 ** 30;
const tsv = (lines: readonly string[]): string => `${lines.join('\n')}\n`;

describe('binaries', () => {
  it('reports a 5 GiB sparse image with its exact size, and flags it when its partition is smaller', async () => {
    // rootfs at 0x00484400, followed by userfs at 0x100484400: 4 GiB of room, less than 5 GiB.
    const lines = [...base, 'P\t0x11\tuserfs\tFileSystem\tmmc0\t0x100484400\tuserfs.ext4'];
    const report = await runCheckCase({
      text: tsv(lines),
      prepare: async (dir) => {
        await writePlainImage(path.join(dir, 'rootfs.ext4'), fiveGiB);
        await writePlainImage(path.join(dir, 'userfs.ext4'), fiveGiB);
      },
    });
    const rootfs = report.layout.partitions.find((p) => p.name === 'rootfs');
    const userfs = report.layout.partitions.find((p) => p.name === 'userfs');
    expect(rootfs).toMatchObject({ size: '5368709120', room: '4294967296' });
    expect(userfs).toMatchObject({ size: '5368709120', room: null });
    const tooLarge = report.issues.filter((issue) => issue.code === 'BINARY_TOO_LARGE');
    expect(tooLarge).toEqual([expect.objectContaining({ severity: 'error', line: 7 })]);
    expect(tooLarge[0]?.message).toContain('5368709120 bytes');
    expect(tooLarge[0]?.message).toContain('1073741824 bytes');
  });

  it('fits an image exactly as large as its partition', async () => {
    const report = await runCheckCase({
      text: tsv(base),
      prepare: (dir) => writePlainImage(path.join(dir, 'fip.bin'), 0x400000),
    });
    expect(report.ok).toBe(true);
  });

  it('checks each file once even when several lines name it, and reads only what it needs', async () => {
    const report = await runCheckCase({ text: tsv(base) });
    const sizes = report.layout.partitions.map((p) => [p.name, p.size]);
    expect(sizes).toEqual([
      ['fsbl-boot', '4352'],
      ['fip-boot', '1024'],
      ['fsbl1', '8448'],
      ['fsbl2', '8448'],
      ['fip', '1024'],
      ['rootfs', '1024'],
    ]);
  });

  it('does not read binaries with --layout-only', async () => {
    const report = await runCheckCase({
      text: tsv(base),
      files: { 'rootfs.ext4': null },
      options: { layoutOnly: true },
    });
    expect(report.ok).toBe(true);
    expect(report.layout.partitions.every((p) => p.size === null)).toBe(true);
    expect(report.layout.partitions.map((p) => p.room)).toEqual([
      null,
      null,
      '262144',
      '262144',
      '4194304',
      null,
    ]);
  });
});

describe('.stm32 headers', () => {
  it.each(['v1_0', 'v2_0', 'v2_2'] as const)(
    'reads a %s header and streams its checksum',
    async (version) => {
      const dir = await makeTempDir();
      try {
        const file = path.join(dir, 'image.stm32');
        await writeFile(file, stm32Image({ version, payloadBytes: 3 << 20 }));
        const header = readStm32Header(
          await readFileStart(file),
          BigInt((3 << 20) + (version === 'v1_0' ? 256 : 512)),
        );
        expect(header).toMatchObject({ ok: true, version, imageLength: 3 << 20 });
        if (!header.ok) return;
        expect(await sumStm32Payload(file, header.headerSize, header.imageLength)).toBe(header.imageChecksum);
      } finally {
        await removeTempDir(dir);
      }
    },
  );

  it('says why a header is refused', () => {
    const short = readStm32Header(new Uint8Array(100), 100n);
    expect(short).toMatchObject({ ok: false, problem: expect.stringContaining('shorter') });
    const image = stm32Image({ version: 'v1_0', payloadBytes: 1000 });
    expect(readStm32Header(image, 900n)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('1000 bytes'),
    });
    const unknown = image.slice();
    unknown[0x4a] = 9;
    expect(readStm32Header(unknown, BigInt(unknown.length))).toMatchObject({
      ok: false,
      problem: expect.stringContaining('0x00090000'),
    });
  });

  it('stops a checksum on abort', async () => {
    const dir = await makeTempDir();
    try {
      const file = path.join(dir, 'big.stm32');
      await writePlainImage(file, 64 << 20);
      const controller = new AbortController();
      controller.abort();
      await expect(sumStm32Payload(file, 256, 32 << 20, controller.signal)).rejects.toMatchObject({
        name: 'AbortError',
      });
    } finally {
      await removeTempDir(dir);
    }
  });
});
