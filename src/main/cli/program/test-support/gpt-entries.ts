import { readAt } from './memory-readback';

/** One GPT entry as written on a memory file: what the fast path and the DFU path must agree on. */
export interface GptEntryOnDisk {
  readonly name: string;
  readonly type: string;
  readonly unique: string;
  readonly firstLba: number;
  readonly lastLba: number;
  /** Bit 2: legacy BIOS bootable (stm32prog sets it on System partitions). */
  readonly attributes: bigint;
}

function guid(bytes: Uint8Array): string {
  const hex = (from: number, to: number, reverse: boolean): string => {
    const part = [...bytes.subarray(from, to)];
    return (reverse ? part.reverse() : part).map((byte) => byte.toString(16).padStart(2, '0')).join('');
  };
  return [hex(0, 4, true), hex(4, 6, true), hex(6, 8, true), hex(8, 10, false), hex(10, 16, false)]
    .join('-')
    .toUpperCase();
}

/** The primary GPT's entries of a memory file (512-byte sectors), in table order. */
export async function gptEntriesOf(file: string): Promise<GptEntryOnDisk[]> {
  const header = await readAt(file, 512, 92);
  if (Buffer.from(header.subarray(0, 8)).toString('latin1') !== 'EFI PART')
    throw new Error(`${file}: no GPT`);
  const view = new DataView(header.buffer);
  const entriesLba = Number(view.getBigUint64(72, true));
  const count = view.getUint32(80, true);
  const size = view.getUint32(84, true);
  const table = await readAt(file, entriesLba * 512, count * size);
  const entries: GptEntryOnDisk[] = [];
  for (let index = 0; index < count; index += 1) {
    const entry = table.subarray(index * size, (index + 1) * size);
    const type = guid(entry.subarray(0, 16));
    if (type === '00000000-0000-0000-0000-000000000000') continue;
    const fields = new DataView(entry.buffer, entry.byteOffset, entry.byteLength);
    entries.push({
      name: Buffer.from(entry.subarray(56, 128)).toString('utf16le').replace(/\0.*$/s, ''),
      type,
      unique: guid(entry.subarray(16, 32)),
      firstLba: Number(fields.getBigUint64(32, true)),
      lastLba: Number(fields.getBigUint64(40, true)),
      attributes: fields.getBigUint64(48, true),
    });
  }
  return entries;
}
