import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legacyScriptImage } from './script-image';

const run = promisify(execFile);

describe('legacyScriptImage against Debian’s mkimage and dumpimage', () => {
  let folder = '';
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'script-image-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it.each([
    [
      'env set partitions "name=ssbl,start=0x80000,size=0x200000;name=rootfs,start=0x5280000,size=-"\nfastboot usb 0\n',
      'STM32MP fastboot',
    ],
    ['fastboot usb 0', ''],
    ['echo odd length', 'a name longer than thirty-two bytes is cut'],
  ])(
    'writes what mkimage -T script writes, apart from the time and the header CRC (%#)',
    async (text, name) => {
      const scriptFile = join(folder, 'script.txt');
      const theirs = join(folder, 'theirs.scr');
      await writeFile(scriptFile, text);
      await run('mkimage', [
        '-T',
        'script',
        '-C',
        'none',
        '-A',
        'arm',
        '-O',
        'linux',
        '-n',
        name,
        '-d',
        scriptFile,
        theirs,
      ]);
      const expected = new Uint8Array(await readFile(theirs));
      const ours = legacyScriptImage(text, name);
      expect(ours.length).toBe(expected.length);
      const masked = (bytes: Uint8Array) => Buffer.concat([bytes.subarray(0, 4), bytes.subarray(12)]);
      expect(masked(ours).equals(masked(expected))).toBe(true);
    },
  );

  it('passes dumpimage’s header check: a script image named as given', async () => {
    const file = join(folder, 'ours.scr');
    await writeFile(
      file,
      legacyScriptImage('fastboot usb 0\n', 'fast path', new Date('2026-12-03T08:00:00Z')),
    );
    const { stdout } = await run('dumpimage', ['-l', file]);
    expect(stdout).toContain('Image Name:   fast path');
    expect(stdout).toContain('Image Type:   ARM Linux Script (uncompressed)');
    expect(stdout).toContain('Image 0: 15 Bytes');
    expect(stdout).toMatch(/Created:\s+Thu Dec\s+3 08:00:00 2026/);
  });

  it('is no longer a legacy image to dumpimage once a byte of its header changes (the header CRC is checked)', async () => {
    const file = join(folder, 'broken.scr');
    const image = legacyScriptImage('fastboot usb 0\n', 'fast path');
    image[40] = 0x41;
    await writeFile(file, image);
    const { stdout } = await run('dumpimage', ['-l', file]);
    expect(stdout).not.toContain('ARM Linux Script');
  });
});
