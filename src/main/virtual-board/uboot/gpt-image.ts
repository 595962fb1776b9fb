import { crc32 } from 'node:zlib';
import { guidBytes, guidString, randomGuid } from './gpt-guid';

/** One GPT entry as `gpt write mmc N "name=…,start=…,size=…,type=…[,bootable][,uuid=…]"` gives it. */
export interface GptPartition {
  readonly name: string;
  readonly start: number;
  readonly size: number;
  readonly typeGuid: string;
  readonly uniqueGuid?: string;
  readonly bootable: boolean;
}

export interface GptEntryRead {
  readonly number: number;
  readonly name: string;
  readonly startLba: number;
  readonly endLba: number;
}

const BLOCK = 512;
const ENTRIES = 128;
const ENTRY_SIZE = 128;
const ENTRY_BLOCKS = (ENTRIES * ENTRY_SIZE) / BLOCK;
const HEADER_SIZE = 92;
const LEGACY_BIOS_BOOTABLE = 1n << 2n;

/** The sectors to write: where, and what. Protective MBR, primary header + entries, backup entries + header. */
export interface GptSectors {
  readonly writes: readonly { readonly offset: number; readonly bytes: Uint8Array }[];
}

/**
 * `set_protective_mbr()` (disk/part_efi.c): after clearing all but the boot code, only `sys_ind` (0xEE),
 * `start_sect` (1) and `nr_sects` (`(u32) lba - 1`) are set; the CHS fields stay zero.
 */
function protectiveMbr(lba: number): Uint8Array {
  const mbr = new Uint8Array(BLOCK);
  const view = new DataView(mbr.buffer);
  const entry = 0x1be;
  mbr[entry + 4] = 0xee;
  view.setUint32(entry + 8, 1, true);
  view.setUint32(entry + 12, (lba - 1) >>> 0, true);
  mbr[510] = 0x55;
  mbr[511] = 0xaa;
  return mbr;
}

function entriesBytes(partitions: readonly GptPartition[]): Uint8Array {
  const entries = new Uint8Array(ENTRIES * ENTRY_SIZE);
  const view = new DataView(entries.buffer);
  partitions.forEach((partition, i) => {
    const at = i * ENTRY_SIZE;
    entries.set(guidBytes(partition.typeGuid), at);
    entries.set(guidBytes(partition.uniqueGuid ?? randomGuid()), at + 16);
    const startLba = BigInt(Math.floor(partition.start / BLOCK));
    view.setBigUint64(at + 32, startLba, true);
    view.setBigUint64(at + 40, startLba + BigInt(Math.floor(partition.size / BLOCK)) - 1n, true);
    view.setBigUint64(at + 48, partition.bootable ? LEGACY_BIOS_BOOTABLE : 0n, true);
    const name = Buffer.from(partition.name.slice(0, 36), 'utf16le');
    entries.set(name, at + 56);
  });
  return entries;
}

function header(lba: number, primary: boolean, diskGuid: string, entriesCrc: number): Uint8Array {
  const bytes = new Uint8Array(BLOCK);
  const view = new DataView(bytes.buffer);
  bytes.set(Buffer.from('EFI PART', 'latin1'), 0);
  view.setUint32(8, 0x00010000, true);
  view.setUint32(12, HEADER_SIZE, true);
  const myLba = primary ? 1 : lba - 1;
  const alternate = primary ? lba - 1 : 1;
  view.setBigUint64(24, BigInt(myLba), true);
  view.setBigUint64(32, BigInt(alternate), true);
  view.setBigUint64(40, BigInt(2 + ENTRY_BLOCKS), true);
  view.setBigUint64(48, BigInt(lba - 2 - ENTRY_BLOCKS), true);
  bytes.set(guidBytes(diskGuid), 56);
  view.setBigUint64(72, BigInt(primary ? 2 : lba - 1 - ENTRY_BLOCKS), true);
  view.setUint32(80, ENTRIES, true);
  view.setUint32(84, ENTRY_SIZE, true);
  view.setUint32(88, entriesCrc, true);
  view.setUint32(16, crc32(bytes.subarray(0, HEADER_SIZE)), true);
  return bytes;
}

/** The sectors U-Boot's `gpt write` puts on a disk of `diskSize` bytes (512-byte blocks, 128 entries). */
export function gptSectors(diskSize: number, partitions: readonly GptPartition[]): GptSectors {
  const lba = Math.floor(diskSize / BLOCK);
  const entries = entriesBytes(partitions);
  const entriesCrc = crc32(entries);
  const diskGuid = randomGuid();
  return {
    writes: [
      { offset: 0, bytes: protectiveMbr(lba) },
      { offset: BLOCK, bytes: header(lba, true, diskGuid, entriesCrc) },
      { offset: 2 * BLOCK, bytes: entries },
      { offset: (lba - 1 - ENTRY_BLOCKS) * BLOCK, bytes: entries },
      { offset: (lba - 1) * BLOCK, bytes: header(lba, false, diskGuid, entriesCrc) },
    ],
  };
}

/** Reads the primary GPT (U-Boot's `part_get_info` source): null when there is no valid header. */
export function readGptEntries(headerSector: Uint8Array, entries: Uint8Array): GptEntryRead[] | null {
  if (Buffer.from(headerSector.subarray(0, 8)).toString('latin1') !== 'EFI PART') return null;
  const view = new DataView(headerSector.buffer, headerSector.byteOffset, headerSector.byteLength);
  const storedCrc = view.getUint32(16, true);
  const copy = new Uint8Array(headerSector.subarray(0, HEADER_SIZE));
  new DataView(copy.buffer).setUint32(16, 0, true);
  if (crc32(copy) !== storedCrc) return null;
  const result: GptEntryRead[] = [];
  const entryView = new DataView(entries.buffer, entries.byteOffset, entries.byteLength);
  for (let i = 0; i < ENTRIES; i++) {
    const at = i * ENTRY_SIZE;
    const type = guidString(entries.subarray(at, at + 16));
    if (type === '00000000-0000-0000-0000-000000000000') continue;
    const nameBytes = Buffer.from(entries.subarray(at + 56, at + 128));
    result.push({
      number: i + 1,
      name: nameBytes.toString('utf16le').replace(/\0.*$/s, ''),
      startLba: Number(entryView.getBigUint64(at + 32, true)),
      endLba: Number(entryView.getBigUint64(at + 40, true)),
    });
  }
  return result;
}

export const gptGeometry = { block: BLOCK, entryBlocks: ENTRY_BLOCKS } as const;
