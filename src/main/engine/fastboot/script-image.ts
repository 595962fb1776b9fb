import { crc32 } from 'node:zlib';

/**
 * A legacy U-Boot image (uImage, include/image.h's `legacy_img_hdr`) of type script, as `mkimage -T script -C none
 * -A arm -O linux` writes it: a 64-byte big-endian header (magic 0x27051956, header CRC32, time, data size, load
 * and entry 0, data CRC32, os Linux 5, arch ARM 2, type script 6, compression none 0, a 32-byte name), then the
 * data: a table of image sizes ended by 0 (one image here: the script's length, 0), then the script itself.
 * U-Boot's `source` (cmd/source.c) takes image 0 of that table and runs its lines; stm32prog runs it after DETACH.
 */
const magic = 0x27051956;
const headerBytes = 64;
const nameBytes = 32;
const linux = 5;
const arm = 2;
const script = 6;
const noCompression = 0;

export function legacyScriptImage(text: string, name = '', now: Date = new Date()): Uint8Array {
  const body = new TextEncoder().encode(text);
  const image = new Uint8Array(headerBytes + 8 + body.length);
  const view = new DataView(image.buffer);
  view.setUint32(headerBytes, body.length);
  view.setUint32(headerBytes + 4, 0);
  image.set(body, headerBytes + 8);
  const data = image.subarray(headerBytes);
  view.setUint32(0, magic);
  view.setUint32(8, Math.floor(now.getTime() / 1000));
  view.setUint32(12, data.length);
  view.setUint32(16, 0);
  view.setUint32(20, 0);
  view.setUint32(24, crc32(data));
  image[28] = linux;
  image[29] = arm;
  image[30] = script;
  image[31] = noCompression;
  // mkimage copies at most 32 bytes of the name (strncpy: no NUL when it fills them).
  image.set(new TextEncoder().encode(name).subarray(0, nameBytes), 32);
  view.setUint32(4, crc32(image.subarray(0, headerBytes)));
  return image;
}
