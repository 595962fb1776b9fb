import { randomUUID } from 'node:crypto';
import { crc32 } from 'node:zlib';

/**
 * A GPT as U-Boot's `gpt write mmc N "<partitions>"` leaves it on a disk, read from U-Boot's sources:
 * `cmd/gpt.c` (`set_gpt_info`: `start=`/`size=` in bytes, divided by the block size; a random `uuid` for every
 * partition without one, and for the disk) and `disk/part_efi.c` (`gpt_fill_header`, `gpt_fill_pte`,
 * `set_protective_mbr`, `write_gpt_table`): a protective MBR at LBA 0, the primary header at LBA 1, 128 entries of
 * 128 bytes at LBA 2, first usable LBA 34, last usable LBA = last LBA - 33, the backup entries right after the
 * last usable LBA and the backup header at the last LBA. `bootable` is the legacy BIOS bootable attribute (bit 2).
 */

export const sectorBytes = 512;
const entryCount = 128;
const entryBytes = 128;
const headerBytes = 92;
/** Sectors taken by the entry array: 128 × 128 / 512. */
const entrySectors = (entryCount * entryBytes) / sectorBytes;
/** `GPT_HEADER_SZ` in stm32prog: MBR + header + entries. */
export const gptHeaderSectors = 2 + entrySectors;

export interface GptEntry {
  readonly name: string;
  /** Bytes from the start of the disk (a multiple of 512). */
  readonly start: bigint;
  readonly size: bigint;
  readonly typeGuid: string;
  readonly bootable: boolean;
  /** Fixed unique GUID; random when absent (as `set_gpt_info` with CONFIG_RANDOM_UUID). */
  readonly uniqueGuid?: string;
}

/** The sectors of one GPT: where they go and their bytes. */
export interface GptSectors {
  readonly offset: bigint;
  readonly bytes: Uint8Array;
}

/** A GUID string in GPT's on-disk order: the first three fields little-endian, the last two as written. */
export function guidToBytes(guid: string): Uint8Array {
  const hex = guid.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`not a GUID: ${guid}`);
  const raw = Buffer.from(hex, 'hex');
  const swapped = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15].map((index) => raw[index] ?? 0);
  return Uint8Array.from(swapped);
}

function entryArray(entries: readonly GptEntry[]): Uint8Array {
  const bytes = new Uint8Array(entryCount * entryBytes);
  const view = new DataView(bytes.buffer);
  entries.forEach((entry, index) => {
    const at = index * entryBytes;
    const first = entry.start / BigInt(sectorBytes);
    const last = (entry.start + entry.size) / BigInt(sectorBytes) - 1n;
    bytes.set(guidToBytes(entry.typeGuid), at);
    bytes.set(guidToBytes(entry.uniqueGuid ?? randomUUID()), at + 16);
    view.setBigUint64(at + 32, first, true);
    view.setBigUint64(at + 40, last, true);
    view.setBigUint64(at + 48, entry.bootable ? 1n << 2n : 0n, true);
    // 36 UTF-16LE code units, as `gpt_fill_pte` copies the name.
    const name = entry.name.slice(0, 36);
    for (let i = 0; i < name.length; i++) view.setUint16(at + 56 + i * 2, name.charCodeAt(i), true);
  });
  return bytes;
}

function header(
  myLba: bigint,
  alternateLba: bigint,
  entriesLba: bigint,
  lastUsable: bigint,
  diskGuid: Uint8Array,
  entriesCrc: number,
): Uint8Array {
  const bytes = new Uint8Array(sectorBytes);
  const view = new DataView(bytes.buffer);
  bytes.set(Buffer.from('EFI PART', 'latin1'), 0);
  view.setUint32(8, 0x00010000, true);
  view.setUint32(12, headerBytes, true);
  view.setBigUint64(24, myLba, true);
  view.setBigUint64(32, alternateLba, true);
  view.setBigUint64(40, BigInt(gptHeaderSectors), true);
  view.setBigUint64(48, lastUsable, true);
  bytes.set(diskGuid, 56);
  view.setBigUint64(72, entriesLba, true);
  view.setUint32(80, entryCount, true);
  view.setUint32(84, entryBytes, true);
  view.setUint32(88, entriesCrc, true);
  view.setUint32(16, crc32(bytes.subarray(0, headerBytes)), true);
  return bytes;
}

/** `set_protective_mbr`: one 0xEE record from LBA 1 over the disk (`(u32) lba - 1`), and the 0xAA55 mark. */
function protectiveMbr(sectors: bigint): Uint8Array {
  const bytes = new Uint8Array(sectorBytes);
  const view = new DataView(bytes.buffer);
  bytes[446 + 4] = 0xee;
  view.setUint32(446 + 8, 1, true);
  const count = sectors - 1n;
  view.setUint32(446 + 12, Number(count & 0xffffffffn), true);
  view.setUint16(510, 0xaa55, true);
  return bytes;
}

/** The first and last usable byte of a disk of `diskBytes`, where partitions may lie. */
export function usableBytes(diskBytes: bigint): { first: bigint; end: bigint } {
  const sectors = diskBytes / BigInt(sectorBytes);
  return {
    first: BigInt(gptHeaderSectors * sectorBytes),
    end: (sectors - BigInt(gptHeaderSectors) + 1n) * BigInt(sectorBytes),
  };
}

/** Both GPTs of a disk of `diskBytes` holding `entries` (in the order given): primary at 0, backup at the end. */
export function buildGpt(diskBytes: bigint, entries: readonly GptEntry[]): GptSectors[] {
  if (entries.length > entryCount) throw new Error(`a GPT holds at most ${entryCount} partitions`);
  const sectors = diskBytes / BigInt(sectorBytes);
  const lastLba = sectors - 1n;
  const lastUsable = lastLba - BigInt(entrySectors) - 1n;
  const usable = usableBytes(diskBytes);
  for (const entry of entries) {
    if (
      entry.start % BigInt(sectorBytes) !== 0n ||
      entry.size % BigInt(sectorBytes) !== 0n ||
      entry.size <= 0n
    )
      throw new Error(`${entry.name}: start and size must be whole, non-empty 512-byte sectors`);
    if (entry.start < usable.first || entry.start + entry.size > usable.end)
      throw new Error(`${entry.name}: outside the usable area of a ${diskBytes} byte disk`);
  }
  const entriesBytes = entryArray(entries);
  const entriesCrc = crc32(entriesBytes);
  const diskGuid = guidToBytes(randomUUID());
  const primary = header(1n, lastLba, 2n, lastUsable, diskGuid, entriesCrc);
  const backup = header(lastLba, 1n, lastUsable + 1n, lastUsable, diskGuid, entriesCrc);
  const head = new Uint8Array(gptHeaderSectors * sectorBytes);
  head.set(protectiveMbr(sectors), 0);
  head.set(primary, sectorBytes);
  head.set(entriesBytes, 2 * sectorBytes);
  const tail = new Uint8Array((entrySectors + 1) * sectorBytes);
  tail.set(entriesBytes, 0);
  tail.set(backup, entrySectors * sectorBytes);
  return [
    { offset: 0n, bytes: head },
    { offset: (lastUsable + 1n) * BigInt(sectorBytes), bytes: tail },
  ];
}
