import { crc32 } from 'node:zlib';

/** `struct legacy_img_hdr` (include/image.h): 64 bytes, big-endian fields. */
export const legacyImage = {
  magic: 0x27051956,
  headerSize: 64,
  /** IH_TYPE_SCRIPT. */
  typeScript: 6,
} as const;

const field = { magic: 0, hcrc: 4, size: 12, dcrc: 24, type: 30 } as const;

/**
 * Model choice `loadAreaBeyondDownload`: U-Boot reads the image where the DFU alt put it (CONFIG_SYS_LOAD_ADDR),
 * trusting its header's sizes; past the bytes received the board reads zeros.
 */
function bytesAt(image: Uint8Array, at: number, length: number): Uint8Array {
  const out = new Uint8Array(Math.max(0, length));
  if (at < image.length) out.set(image.subarray(at, Math.min(image.length, at + length)));
  return out;
}

const u32 = (image: Uint8Array, at: number): number =>
  new DataView(bytesAt(image, at, 4).buffer).getUint32(0, false);

/** `genimg_get_format(...) == IMAGE_FORMAT_LEGACY`: only the magic (boot/image.c `image_check_magic`). */
export function isLegacyImage(image: Uint8Array): boolean {
  return image.length >= 4 && u32(image, field.magic) === legacyImage.magic;
}

export type LocatedScript =
  { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string };

/**
 * `image_locate_script` (boot/image-board.c) for a legacy image, with `verify` unset (so data CRC checked):
 * magic, header CRC, data CRC, type script, then the script after its zero-terminated list of lengths; answers
 * the text `run_command_list` gets, or U-Boot's line (`Bad header crc`, `Bad data crc`, `Bad image type`,
 * `Empty Script`).
 */
export function locateScript(image: Uint8Array): LocatedScript {
  if (!isLegacyImage(image)) return { ok: false, message: 'Bad magic number' };
  const header = bytesAt(image, 0, legacyImage.headerSize);
  const storedHcrc = u32(header, field.hcrc);
  header.fill(0, field.hcrc, field.hcrc + 4);
  if (crc32(header) !== storedHcrc) return { ok: false, message: 'Bad header crc' };
  const size = u32(image, field.size);
  const data = bytesAt(image, legacyImage.headerSize, size);
  if (crc32(data) !== u32(image, field.dcrc)) return { ok: false, message: 'Bad data crc' };
  if ((image[field.type] ?? 0) !== legacyImage.typeScript) return { ok: false, message: 'Bad image type' };
  const length = u32(image, legacyImage.headerSize);
  if (length === 0) return { ok: false, message: 'Empty Script' };
  let at = legacyImage.headerSize;
  while (u32(image, at) !== 0) at += 4;
  at += 4;
  return { ok: true, text: Buffer.from(bytesAt(image, at, length)).toString('latin1') };
}
