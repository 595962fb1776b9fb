import {
  stm32HeaderField,
  stm32HeaderSize,
  stm32HeaderVersion,
  type Stm32HeaderVersionName,
  stm32Magic,
} from '../../protocol/stm32-header';
import { readRegularFileStart } from '../files/open-regular-file';

/** The largest header this tool reads (v2.x, spec §5.2). */
export const stm32HeaderReadLength = 512;

export type Stm32HeaderReading =
  | {
      readonly ok: true;
      readonly version: Stm32HeaderVersionName;
      readonly headerSize: number;
      readonly imageLength: number;
      readonly imageChecksum: number;
    }
  | { readonly ok: false; readonly problem: string };

/** `v1.0`, `v2.2`, as people write header versions. */
export function versionLabel(version: Stm32HeaderVersionName): string {
  return version.slice(0, -2) + '.' + version.slice(-1);
}

/**
 * Reads a `.stm32` header from the first bytes of a file (spec §5): magic, a version the ROMs know, and an
 * image length the file holds. What the ROM checks beyond (signature) is out of reach offline.
 */
export function readStm32Header(start: Uint8Array, fileSize: bigint): Stm32HeaderReading {
  if (start.length < stm32HeaderSize.v1_0)
    return { ok: false, problem: `the file is ${fileSize} bytes, shorter than an STM32 header (256 bytes)` };
  if (!stm32Magic.every((byte, index) => start[index] === byte))
    return { ok: false, problem: 'it does not start with the STM32 header magic "STM2" (53 54 4D 32)' };
  const view = new DataView(start.buffer, start.byteOffset, start.byteLength);
  const raw = view.getUint32(stm32HeaderField.headerVersion, true);
  const version = (Object.keys(stm32HeaderVersion) as Stm32HeaderVersionName[]).find(
    (name) => stm32HeaderVersion[name] === raw,
  );
  if (version === undefined) {
    return {
      ok: false,
      problem: `its header version 0x${raw.toString(16).padStart(8, '0')} is none of v1.0 (MP15), v2.0 (MP13), v2.2 (MP25)`,
    };
  }
  const headerSize = stm32HeaderSize[version];
  const imageLength = view.getUint32(stm32HeaderField.imageLength, true);
  const payload = fileSize - BigInt(headerSize);
  if (payload < BigInt(imageLength)) {
    return {
      ok: false,
      problem: `its header announces ${imageLength} bytes of image after the ${headerSize}-byte header, but the file holds ${payload < 0n ? 0n : payload}`,
    };
  }
  return {
    ok: true,
    version,
    headerSize,
    imageLength,
    imageChecksum: view.getUint32(stm32HeaderField.imageChecksum, true),
  };
}

/** The first `length` bytes of a regular file (fewer if it is shorter), without reading the rest. */
export function readFileStart(file: string, length = stm32HeaderReadLength): Promise<Uint8Array> {
  return readRegularFileStart(file, length);
}
