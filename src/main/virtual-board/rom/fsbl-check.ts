import {
  addToStm32Checksum,
  stm32HeaderField,
  stm32HeaderSize,
  stm32HeaderVersion,
  stm32Magic,
} from '../../protocol/stm32-header';
import type { Stm32HeaderVersionName } from '../../protocol/stm32-header';

const u32 = (bytes: Uint8Array, at: number): number =>
  ((bytes[at] ?? 0) |
    ((bytes[at + 1] ?? 0) << 8) |
    ((bytes[at + 2] ?? 0) << 16) |
    ((bytes[at + 3] ?? 0) << 24)) >>>
  0;

/**
 * The ROM's check of a downloaded FSBL (spec §5.3): magic, the header version of its SoC, a payload length
 * that fits what was received, and the payload checksum (used for USB downloads when signatures are not
 * checked, findings §6). Answers null when the FSBL may start, else the reason.
 */
export function checkFsbl(image: Uint8Array, version: Stm32HeaderVersionName): string | null {
  const headerSize = stm32HeaderSize[version];
  if (image.length < headerSize) return `image of ${image.length} bytes is shorter than its header`;
  if (!stm32Magic.every((byte, i) => image[i] === byte)) return 'bad magic';
  const found = u32(image, stm32HeaderField.headerVersion);
  if (found !== stm32HeaderVersion[version])
    return `header version 0x${found.toString(16).padStart(8, '0')} is not this SoC's`;
  const length = u32(image, stm32HeaderField.imageLength);
  if (headerSize + length > image.length)
    return `image length ${length} exceeds the ${image.length - headerSize} bytes received`;
  const checksum = addToStm32Checksum(0, image.subarray(headerSize, headerSize + length));
  if (checksum !== u32(image, stm32HeaderField.imageChecksum)) return 'payload checksum mismatch';
  return null;
}
