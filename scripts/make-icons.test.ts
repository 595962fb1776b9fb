import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { icnsTypes, icoSizes, linuxSizes } from './make-icons.mjs';

// The committed outputs of `npm run icons`: every size each installer needs, in the format it reads.
const assets = fileURLToPath(new URL('../assets/', import.meta.url));
const pngSize = (png: Buffer) => {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
};

describe('the icons rendered from assets/icon.svg', () => {
  it('Linux: one PNG per size, 16 to 512, named NxN.png', () => {
    expect(linuxSizes).toEqual([16, 24, 32, 48, 64, 128, 256, 512]);
    for (const size of linuxSizes)
      expect(pngSize(readFileSync(`${assets}icons/${size}x${size}.png`))).toEqual([size, size]);
  });

  it('Windows: icon.ico holds 16 to 256, bitmaps below 64 and PNG above', () => {
    const ico = readFileSync(`${assets}icon.ico`);
    expect(ico.readUInt16LE(2)).toBe(1);
    expect(ico.readUInt16LE(4)).toBe(icoSizes.length);
    icoSizes.forEach((size, index) => {
      const entry = 6 + 16 * index;
      expect(ico.readUInt8(entry) || 256).toBe(size);
      const data = ico.subarray(
        ico.readUInt32LE(entry + 12),
        ico.readUInt32LE(entry + 12) + ico.readUInt32LE(entry + 8),
      );
      if (size >= 64) expect(pngSize(data)).toEqual([size, size]);
      else
        expect([data.readUInt32LE(0), data.readInt32LE(4), data.readInt32LE(8)]).toEqual([
          40,
          size,
          size * 2,
        ]);
    });
  });

  it('macOS: icon.icns holds 16 to 1024 as PNG, and icon.png is 1024', () => {
    const icns = readFileSync(`${assets}icon.icns`);
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const found: [string, number][] = [];
    for (let offset = 8; offset < icns.length; offset += icns.readUInt32BE(offset + 4)) {
      const length = icns.readUInt32BE(offset + 4);
      found.push([
        icns.subarray(offset, offset + 4).toString('latin1'),
        pngSize(icns.subarray(offset + 8, offset + length))[0]!,
      ]);
    }
    expect(found).toEqual(icnsTypes);
    expect(pngSize(readFileSync(`${assets}icon.png`))).toEqual([1024, 1024]);
  });
});
