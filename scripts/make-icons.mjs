// Renders every icon the installers need from ONE source, assets/icon.svg (outputs are committed):
//   assets/icons/NxN.png  Linux (AppImage, deb: hicolor 16…512)
//   assets/icon.ico       Windows (NSIS, the .exe): 16…48 as 32-bit bitmaps, 64…256 as PNG
//   assets/icon.icns      macOS (dmg, the .app): 16…1024 as PNG
//   assets/icon.png       1024 px, what electron-builder falls back to
// Usage: node scripts/make-icons.mjs   (rasterizer: @resvg/resvg-js, a devDependency with N-API prebuilds)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const assets = fileURLToPath(new URL('../assets/', import.meta.url));

export const linuxSizes = [16, 24, 32, 48, 64, 128, 256, 512];
export const icoSizes = [16, 24, 32, 48, 64, 128, 256];
/** icns element types holding PNG data, by pixel size. */
export const icnsTypes = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
];

function render(svg, size) {
  const { Resvg } = require('@resvg/resvg-js');
  const image = new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render();
  return { png: image.asPng(), rgba: image.pixels, size };
}

/** A 32-bit BGRA device-independent bitmap as an .ico entry wants it: bottom-up, height doubled, AND mask. */
function icoBitmap({ rgba, size }) {
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8);
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const from = (y * size + x) * 4;
      const to = ((size - 1 - y) * size + x) * 4;
      pixels[to] = rgba[from + 2];
      pixels[to + 1] = rgba[from + 1];
      pixels[to + 2] = rgba[from];
      pixels[to + 3] = rgba[from + 3];
    }
  }
  const maskRow = Math.ceil(size / 32) * 4;
  return Buffer.concat([header, pixels, Buffer.alloc(maskRow * size)]); // alpha decides; the mask stays clear
}

export function ico(images) {
  const datas = images.map((image) => (image.size >= 64 ? Buffer.from(image.png) : icoBitmap(image)));
  const head = Buffer.alloc(6 + 16 * images.length);
  head.writeUInt16LE(1, 2);
  head.writeUInt16LE(images.length, 4);
  let offset = head.length;
  images.forEach((image, index) => {
    const entry = 6 + 16 * index;
    head.writeUInt8(image.size >= 256 ? 0 : image.size, entry);
    head.writeUInt8(image.size >= 256 ? 0 : image.size, entry + 1);
    head.writeUInt16LE(1, entry + 4);
    head.writeUInt16LE(32, entry + 6);
    head.writeUInt32LE(datas[index].length, entry + 8);
    head.writeUInt32LE(offset, entry + 12);
    offset += datas[index].length;
  });
  return Buffer.concat([head, ...datas]);
}

export function icns(elements) {
  const parts = elements.map(([type, png]) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(8 + png.length, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + parts.reduce((sum, part) => sum + part.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = [...new Set([...linuxSizes, ...icoSizes, ...icnsTypes.map(([, size]) => size)])];
  const svg = readFileSync(`${assets}icon.svg`);
  const images = new Map(sizes.map((size) => [size, render(svg, size)]));
  mkdirSync(`${assets}icons`, { recursive: true });
  for (const size of linuxSizes) writeFileSync(`${assets}icons/${size}x${size}.png`, images.get(size).png);
  writeFileSync(`${assets}icon.ico`, ico(icoSizes.map((size) => images.get(size))));
  writeFileSync(`${assets}icon.icns`, icns(icnsTypes.map(([type, size]) => [type, images.get(size).png])));
  writeFileSync(`${assets}icon.png`, images.get(1024).png);
  process.stdout.write(`icons written under ${assets} (${sizes.join(', ')} px)\n`);
}
