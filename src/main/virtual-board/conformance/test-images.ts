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

/** A FIP of `size` bytes with a valid ToC header (name 0xAA640001, non-zero serial) and random content. */
export function fipImage(size: number): Uint8Array {
  const image = new Uint8Array(randomBytes(size));
  const view = new DataView(image.buffer);
  view.setUint32(fipTocHeader.nameOffset, fipTocHeader.name, true);
  view.setUint32(fipTocHeader.serialOffset, 0x12345678, true);
  return image;
}

/** Random bytes that are never all zero per 4 KiB block (so the sparse writer keeps every block). */
export function dataImage(size: number): Uint8Array {
  return new Uint8Array(randomBytes(size));
}
