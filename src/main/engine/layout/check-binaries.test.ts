import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseLayoutLines as base, runCheckCase } from './test-support/check-case';
import {
  makeTempDir,
  removeTempDir,
  stm32Image,
  writeFipImage,
  writePlainImage,
} from './test-support/layout-images';
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
      prepare: (dir) => writeFipImage(path.join(dir, 'fip.bin'), 0x400000),
    });
    expect(report.issues).toEqual([]);
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

describe('boot images', () => {
  const codesOf = (issues: readonly { code: string }[]): string[] => issues.map((issue) => issue.code);
  const fsbl = (version: 'v1_0' | 'v2_0' | 'v2_2', totalBytes: number): Uint8Array =>
    stm32Image({ version, payloadBytes: totalBytes - (version === 'v1_0' ? 256 : 512) });

  it('passes the real 2019 DK2 FSBL size (245,360 bytes with its header)', async () => {
    const report = await runCheckCase({
      text: tsv(base),
      files: { 'tf-a-usb.stm32': fsbl('v1_0', 245_360) },
      options: { soc: 'mp15' },
    });
    expect(report.issues).toEqual([]);
  });

  it.each([
    ['mp15', 'v1_0', 0x3db00],
    ['mp13', 'v2_0', 0x20000],
    ['mp25', 'v2_2', 0x3da00],
  ] as const)('takes an %s FSBL of exactly the ROM limit, not one byte more', async (soc, version, limit) => {
    const headerBytes = version === 'v1_0' ? 256 : 512;
    const exact = await runCheckCase({
      text: tsv(base),
      files: {
        'tf-a-usb.stm32': fsbl(version, headerBytes + limit),
        'tf-a-sdcard.stm32': stm32Image({ version }),
      },
      options: { soc },
    });
    expect(exact.issues).toEqual([]);
    const over = await runCheckCase({
      text: tsv(base),
      files: {
        'tf-a-usb.stm32': fsbl(version, headerBytes + limit + 1),
        'tf-a-sdcard.stm32': stm32Image({ version }),
      },
      options: { soc },
    });
    expect(over.issues).toEqual([
      expect.objectContaining({ code: 'FSBL_TOO_LARGE', severity: 'error', line: 2 }),
    ]);
    expect(over.issues[0]?.message).toContain(`at most ${limit} bytes`);
  });

  it('without --soc, takes the SoC the FSBL header names', async () => {
    // 140,000 bytes after the header: over the MP13 limit, well under the MP15 one.
    const files = {
      'tf-a-usb.stm32': fsbl('v2_0', 512 + 140_000),
      'tf-a-sdcard.stm32': stm32Image({ version: 'v2_0' }),
    };
    const mp13 = await runCheckCase({ text: tsv(base), files });
    expect(mp13.issues).toEqual([expect.objectContaining({ code: 'FSBL_TOO_LARGE', severity: 'error' })]);
    expect(mp13.issues[0]?.message).toContain('STM32MP13 ROM (from its header version)');
    const mp15 = await runCheckCase({
      text: tsv(base),
      files: { 'tf-a-usb.stm32': fsbl('v1_0', 256 + 140_000) },
    });
    expect(mp15.issues).toEqual([]);
  });

  it('an FSBL line that is not sent only warns', async () => {
    const report = await runCheckCase({
      text: tsv([...base, '-\t0x01\tfsbl-other\tBinary\tnone\t0x0\tbig.stm32']),
      files: { 'big.stm32': fsbl('v1_0', 256 + 0x3db01) },
    });
    expect(report.issues).toEqual([
      expect.objectContaining({ code: 'DUPLICATE_ID', severity: 'warning', line: 8 }),
      expect.objectContaining({ code: 'FSBL_TOO_LARGE', severity: 'warning', line: 8 }),
    ]);
  });

  it('takes a .stm32 U-Boot at 0x03 (2019 generation) as well as a FIP', async () => {
    const report = await runCheckCase({
      text: tsv(
        base.map((line) =>
          line.replace(
            'fip-boot\tFIP\tnone\t0x0\tfip.bin',
            'ssbl-boot\tBinary\tnone\t0x0\tu-boot-trusted.stm32',
          ),
        ),
      ),
      files: { 'u-boot-trusted.stm32': stm32Image({ version: 'v1_0' }) },
    });
    expect(report.issues).toEqual([]);
  });

  it('refuses a FIP with a zero serial number at 0x03, and a file too short to tell', async () => {
    const zeroSerial = new Uint8Array(1024);
    new DataView(zeroSerial.buffer).setUint32(0, 0xaa640001, true);
    const report = await runCheckCase({ text: tsv(base), files: { 'fip.bin': zeroSerial } });
    expect(codesOf(report.issues)).toEqual(['SSBL_NOT_FIP_OR_STM32']);
    expect(report.issues[0]?.message).toContain('zero serial number');
    const empty = await runCheckCase({ text: tsv(base), files: { 'fip.bin': new Uint8Array(0) } });
    expect(codesOf(empty.issues)).toEqual(['SSBL_NOT_FIP_OR_STM32']);
    expect(empty.issues[0]?.message).toContain('the file is empty');
  });

  it('checks a 0x03 line that is not sent as a warning', async () => {
    const report = await runCheckCase({
      text: tsv([...base, '-\t0x03\tssbl-old\tBinary\tnone\t0x0\tu-boot.img']),
      files: { 'u-boot.img': new Uint8Array([0x27, 0x05, 0x19, 0x56, 0, 0, 0, 0]) },
    });
    expect(report.issues).toEqual([
      expect.objectContaining({ code: 'DUPLICATE_ID', severity: 'warning', line: 8 }),
      expect.objectContaining({ code: 'SSBL_NOT_FIP_OR_STM32', severity: 'warning', line: 8 }),
    ]);
    expect(report.issues[1]?.message).toContain('it starts with 27 05 19 56');
  });
});
