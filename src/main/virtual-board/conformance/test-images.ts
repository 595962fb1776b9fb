import { randomBytes } from 'node:crypto';
import {
  addToStm32Checksum,
  stm32HeaderField,
  stm32HeaderSize,
  stm32HeaderVersion,
  stm32Magic,
  stm32V2PaddingExtension,
} from '../../protocol/stm32-header';
import type { Stm32HeaderVersionName } from '../../protocol/stm32-header';
import { fipTocHeader } from '../../protocol/phase';
import { fipFastbootMarker } from '../uboot/uboot-build';

/** A `.stm32` image of `totalSize` bytes (header included) with a random payload, as stm32image writes it. */
export function stm32Image(version: Stm32HeaderVersionName, totalSize: number): Uint8Array {
  const headerSize = stm32HeaderSize[version];
  const image = new Uint8Array(totalSize);
  const payload = randomBytes(totalSize - headerSize);
  image.set(payload, headerSize);
  const view = new DataView(image.buffer);
  image.set(stm32Magic, 0);
  view.setUint32(stm32HeaderField.imageChecksum, addToStm32Checksum(0, payload), true);
  view.setUint32(stm32HeaderField.headerVersion, stm32HeaderVersion[version], true);
  view.setUint32(stm32HeaderField.imageLength, payload.length, true);
  view.setUint32(stm32HeaderField.imageEntryPoint, 0x2ffc2500, true);
  if (version === 'v1_0') {
    view.setUint32(stm32HeaderField.optionOrExtensionFlags, 1, true);
    view.setUint32(stm32HeaderField.ecdsaAlgorithmOrExtensionLength, 1, true);
    image[stm32HeaderField.v1BinaryType] = 0x10;
  } else {
    view.setUint32(stm32HeaderField.optionOrExtensionFlags, stm32V2PaddingExtension.flags, true);
    view.setUint32(stm32HeaderField.ecdsaAlgorithmOrExtensionLength, stm32V2PaddingExtension.length, true);
    image.set(stm32V2PaddingExtension.type, stm32HeaderField.v2ExtensionHeaderType);
    view.setUint32(stm32HeaderField.v2ExtensionHeaderLength, stm32V2PaddingExtension.length, true);
  }
  return image;
}

/** What a virtual FIP's U-Boot is: its version, and which MMC device its fastboot flashes. */
export interface FipOptions {
  /** `PLAIN_VERSION` written as a real U-Boot binary carries it, e.g. `2023.10-stm32mp-r1` or `2020.10-stm32mp-r2`. */
  readonly uboot?: string;
  /** The board's model marker (`fipFastbootMarker`): ST's stock build, or a `fastboot-sdcard`/`fastboot-emmc` one. */
  readonly fastboot?: 'stock' | 'emmc' | 'sdcard';
}

/**
 * A FIP of `size` bytes with a valid ToC header (name 0xAA640001, non-zero serial) and random content; with
 * `uboot`, the bytes hold `U-Boot <version> (…)` NUL-terminated (U-Boot's `version_string`), and with `fastboot`
 * other than `stock` the virtual board's marker. Without options: no version string (the board takes it as its
 * current U-Boot, model choice `fipWithoutVersion`).
 */
export function fipImage(size: number, options: FipOptions = {}): Uint8Array {
  const image = new Uint8Array(randomBytes(size));
  const view = new DataView(image.buffer);
  view.setUint32(fipTocHeader.nameOffset, fipTocHeader.name, true);
  view.setUint32(fipTocHeader.serialOffset, 0x12345678, true);
  const texts: string[] = [];
  if (options.uboot !== undefined) texts.push(`U-Boot ${options.uboot} (Jan 10 2024 - 10:21:43 +0000)`);
  if (options.fastboot !== undefined && options.fastboot !== 'stock')
    texts.push(`${fipFastbootMarker}${options.fastboot}`);
  let at = Math.min(0x400, Math.floor(size / 2));
  for (const text of texts) {
    const bytes = Buffer.from(`\0${text}\0`, 'latin1');
    if (at + bytes.length > size) throw new Error(`a FIP of ${size} bytes cannot hold '${text}'`);
    image.set(bytes, at);
    at += bytes.length;
  }
  return image;
}

/** Random bytes that are never all zero per 4 KiB block (so the sparse writer keeps every block). */
export function dataImage(size: number): Uint8Array {
  return new Uint8Array(randomBytes(size));
}
