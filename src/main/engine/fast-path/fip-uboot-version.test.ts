import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../layout/test-support/layout-images';
import { findUbootVersion, readFipUbootVersion } from './fip-uboot-version';

const text = (value: string): Uint8Array => new TextEncoder().encode(value);

/** `size` bytes of 0xA5 with `inserts` written at their offsets. */
function fipBytes(size: number, inserts: readonly (readonly [number, string])[]): Uint8Array {
  const bytes = new Uint8Array(size).fill(0xa5);
  for (const [offset, value] of inserts) bytes.set(text(value), offset);
  return bytes;
}

let dir = '';
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => removeTempDir(dir));

describe('the U-Boot version inside a FIP', () => {
  it('is U-Boot proper’s version string, not U-Boot SPL’s or a bare mention', () => {
    const bytes = fipBytes(4096, [
      [100, 'U-Boot SPL 2020.01-stm32mp-r1 (x)\0'],
      [300, 'U-Boot 20 is not a version\0'],
      [600, 'U-Boot 2023.10-stm32mp-r1 (Jan 01 2024 - 00:00:00 +0000)\0'],
    ]);
    expect(findUbootVersion(bytes)?.text).toBe('2023.10-stm32mp-r1');
  });

  it('is found in a file streamed in chunks, even across a chunk’s end', async () => {
    const chunk = 1024 * 1024;
    for (const offset of [chunk - 20, chunk - 5, chunk + 3, 3 * chunk - 40]) {
      const file = path.join(dir, `fip-${offset}.bin`);
      await writeFile(file, fipBytes(3 * chunk, [[offset, 'U-Boot 2022.10-stm32mp-r2 (Mar 2023)\0']]));
      expect((await readFipUbootVersion(file))?.text, `at ${offset}`).toBe('2022.10-stm32mp-r2');
    }
  });

  it('is null when the file holds none', async () => {
    const file = path.join(dir, 'none.bin');
    await writeFile(file, fipBytes(200_000, [[10, 'U-Boot SPL 2023.10\0']]));
    expect(await readFipUbootVersion(file)).toBeNull();
  });
});
