import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { legacyScriptImage, sparseImage } from '../conformance/fastboot-test-images';
import { gptWriteCommand } from '../uboot/gpt-write-command';
import { locateScript } from '../uboot/legacy-script';
import { runScript } from '../uboot/script-runner';
import { readUbootBuild, versionRunsScripts } from '../uboot/uboot-build';
import { fipImage } from '../conformance/test-images';
import type { SparseStorage } from './sparse-image';
import { writeSparseImage } from './sparse-image';
import { fastbootResponse } from './fastboot-identity';

/** A partition of `blocks` 512-byte blocks in memory, for the sparse reader. */
function memoryPartition(blocks: number): { storage: SparseStorage; bytes: Uint8Array } {
  const bytes = new Uint8Array(blocks * 512).fill(0x5a);
  return {
    bytes,
    storage: {
      name: 'part',
      blockSize: 512,
      start: 0,
      size: blocks,
      write: async (block, data) => {
        bytes.set(data, block * 512);
        return data.length / 512;
      },
    },
  };
}

const noPrint = (): void => undefined;

describe('the fast path pieces, each against its U-Boot source', () => {
  it('versions: ST fork from v2021.10-stm32mp-r1, upstream from v2022.07 run scripts', () => {
    expect(versionRunsScripts('2021.10-stm32mp-r1')).toBe(true);
    expect(versionRunsScripts('2020.10-stm32mp-r2')).toBe(false);
    expect(versionRunsScripts('2022.07')).toBe(true);
    expect(versionRunsScripts('2022.04')).toBe(false);
    const build = readUbootBuild(fipImage(8192, { uboot: '2022.10-stm32mp-r1', fastboot: 'sdcard' }), 'mp25');
    expect([build.version, build.runsScripts, build.fastboot.mmcDev, build.fastboot.bootAreas]).toEqual([
      '2022.10-stm32mp-r1',
      true,
      0,
      false,
    ]);
    expect(readUbootBuild(fipImage(8192), 'mp13').fastboot).toMatchObject({ mmcDev: 0, bootAreas: false });
    expect(readUbootBuild(fipImage(8192, { fastboot: 'emmc' }), 'mp15').fastboot).toMatchObject({
      mmcDev: 1,
      bootAreas: true,
    });
    expect(readUbootBuild(fipImage(8192, { uboot: '2021.10-stm32mp-r1' }), 'mp15').runsScripts).toBe(true);
  });

  it('script images: header and data CRCs and the type are checked (image_locate_script)', () => {
    expect(locateScript(legacyScriptImage('fastboot usb 0\n'))).toEqual({
      ok: true,
      text: 'fastboot usb 0\n',
    });
    expect(locateScript(legacyScriptImage('x', { badHeaderCrc: true }))).toEqual({
      ok: false,
      message: 'Bad header crc',
    });
    const corrupt = legacyScriptImage('fastboot usb 0\n');
    corrupt[corrupt.length - 2] = (corrupt[corrupt.length - 2] ?? 0) ^ 1;
    expect(locateScript(corrupt)).toEqual({ ok: false, message: 'Bad data crc' });
    expect(locateScript(legacyScriptImage('x', { type: 2 }))).toEqual({
      ok: false,
      message: 'Bad image type',
    });
  });

  it('the script subset: env set with quotes, setenv, fastboot usb stops the run', () => {
    const env = new Map<string, string>();
    const run = runScript(
      'setenv a 1 2\nenv set partitions "name=x;name=y" # comment\nfastboot usb 0\necho after',
      env,
    );
    expect(env.get('a')).toBe('1 2');
    expect(env.get('partitions')).toBe('name=x;name=y');
    expect(run.fastbootUsb).toBe(0);
    expect(run.output).toEqual([]);
  });

  it('gpt write: start optional, size=- to the last usable LBA, bootable, uuid; incomplete lists refused', () => {
    const disk = 64 * 1024 * 1024;
    const outcome = gptWriteCommand(
      disk,
      'name=a,size=1M,type=linux,bootable;name=b,start=0x200000,size=-,uuid=491F6117-415D-4F53-88C9-6E0DE54DEAC6',
    );
    expect(outcome.ok && outcome.partitions.map((p) => [p.name, p.start, p.size, p.bootable])).toEqual([
      ['a', 34 * 512, 1024 * 1024, true],
      ['b', 0x200000, disk - 34 * 512 - 0x200000 + 512, false],
    ]);
    expect(gptWriteCommand(disk, 'name=a,start=0x100000')).toEqual({
      ok: false,
      message: 'Partition list incomplete',
    });
    expect(gptWriteCommand(disk, 'name=a,start=0x200,size=1M').ok).toBe(false);
  });

  it('sparse: RAW, FILL, DONT_CARE written as lib/image-sparse.c does; CRC32 and bogus sizes FAIL', async () => {
    const raw = new Uint8Array(randomBytes(1024));
    const { storage, bytes } = memoryPartition(16);
    const image = sparseImage(1024, [{ raw }, { dontCare: 2 }, { fill: 0x01020304, blocks: 1 }]);
    expect(await writeSparseImage(storage, image, noPrint)).toEqual({ ok: true, bytesWritten: 2048 });
    expect(Buffer.compare(bytes.subarray(0, 1024), raw)).toBe(0);
    expect(bytes.subarray(1024, 3072).every((byte) => byte === 0x5a)).toBe(true);
    expect(Buffer.from(bytes.subarray(3072, 3080)).toString('hex')).toBe('0403020104030201');

    const withCrc = sparseImage(1024, [{ raw }, { crc32: 1 }]);
    expect(await writeSparseImage(storage, withCrc, noPrint)).toEqual({
      ok: false,
      reason: 'Bogus chunk size for chunk type Dont Care',
    });
    const tooBig = sparseImage(1024, [{ raw: new Uint8Array(17 * 512) }]);
    expect(await writeSparseImage(storage, tooBig, noPrint)).toMatchObject({ ok: false });
    const bogus = sparseImage(1024, [{ raw }]);
    new DataView(bogus.buffer, bogus.byteOffset).setUint32(28 + 8, 12 + 1000, true);
    expect(await writeSparseImage(storage, bogus, noPrint)).toEqual({
      ok: false,
      reason: 'Bogus chunk size for chunk type Raw',
    });
  });

  it('responses keep the 4-byte tag and at most 59 characters (FASTBOOT_RESPONSE_LEN 65)', () => {
    expect(fastbootResponse('FAIL', 'x'.repeat(100))).toHaveLength(63);
  });

  const tools = existsSync('/usr/bin/mkimage') && existsSync('/usr/bin/img2simg');
  it.skipIf(!tools)(
    "takes what Debian's mkimage and img2simg write (u-boot-tools, android-sdk-libsparse-utils)",
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'vboard-tools-'));
      try {
        await writeFile(join(dir, 's.txt'), 'env set partitions "name=a,size=-"\nfastboot usb 0\n');
        spawnSync('mkimage', [
          '-T',
          'script',
          '-C',
          'none',
          '-A',
          'arm',
          '-O',
          'linux',
          '-d',
          join(dir, 's.txt'),
          join(dir, 's.scr'),
        ]);
        const located = locateScript(await readFile(join(dir, 's.scr')));
        expect(located).toEqual({ ok: true, text: 'env set partitions "name=a,size=-"\nfastboot usb 0\n' });

        const raw = new Uint8Array(1024 * 1024);
        raw.set(randomBytes(70_000), 4096);
        raw.fill(0x77, 600_000, 700_000);
        await writeFile(join(dir, 'r.img'), raw);
        spawnSync('img2simg', [join(dir, 'r.img'), join(dir, 'r.simg'), '4096']);
        const { storage, bytes } = memoryPartition(4096);
        const outcome = await writeSparseImage(storage, await readFile(join(dir, 'r.simg')), noPrint);
        expect(outcome.ok).toBe(true);
        expect(Buffer.compare(bytes.subarray(4096, 600_000), raw.subarray(4096, 600_000))).toBe(0);
        expect(
          bytes
            .subarray(600_000 - (600_000 % 4096) + 4096, 700_000 - (700_000 % 4096))
            .every((b) => b === 0x77),
        ).toBe(true);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
});
