import { execFile } from 'node:child_process';
import { open, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);
const sector = 512;
const block = 4096;

/** The mapped 4 KiB block ranges of a bmap file's text. */
export function bmapRanges(text: string): [number, number][] {
  return [...text.matchAll(/<Range[^>]*>\s*(\d+)(?:-(\d+))?\s*<\/Range>/g)].map((match) => [
    Number(match[1]),
    Number(match[2] ?? match[1]),
  ]);
}

/** The blocks of a sparse file that hold data, found by `bmaptool create` (SEEK_DATA/FIEMAP: holes are not read). */
export async function dataRanges(file: string): Promise<[number, number][]> {
  const { stdout } = await run('bmaptool', ['create', '--no-checksum', file], { maxBuffer: 64 << 20 });
  return bmapRanges(stdout);
}

/** One GPT entry as read from a disk, without its random unique GUID. */
export interface GptEntryRead {
  readonly name: string;
  readonly firstLba: bigint;
  readonly lastLba: bigint;
  readonly typeGuid: string;
  readonly attributes: bigint;
}

export async function readGptEntries(file: string): Promise<GptEntryRead[]> {
  const handle = await open(file, 'r');
  try {
    const bytes = new Uint8Array(128 * 128);
    await handle.read(bytes, 0, bytes.length, 2 * sector);
    const view = new DataView(bytes.buffer);
    const entries: GptEntryRead[] = [];
    for (let at = 0; at < bytes.length; at += 128) {
      const type = Buffer.from(bytes.subarray(at, at + 16)).toString('hex');
      if (/^0+$/.test(type)) continue;
      const name = Buffer.from(bytes.subarray(at + 56, at + 128))
        .toString('utf16le')
        .replace(/\0+$/, '');
      entries.push({
        name,
        firstLba: view.getBigUint64(at + 32, true),
        lastLba: view.getBigUint64(at + 40, true),
        typeGuid: type,
        attributes: view.getBigUint64(at + 48, true),
      });
    }
    return entries;
  } finally {
    await handle.close();
  }
}

/**
 * The byte ranges random in U-Boot and covered by CRCs: in each GPT header (LBA 1 and the last LBA) the header
 * CRC, the disk GUID and the entries' CRC; in both entry arrays each entry's unique GUID.
 */
function randomRanges(diskBytes: number): [number, number][] {
  const lastLba = diskBytes / sector - 1;
  const ranges: [number, number][] = [];
  for (const header of [1, lastLba]) {
    const at = header * sector;
    ranges.push([at + 16, at + 20], [at + 56, at + 72], [at + 88, at + 92]);
  }
  for (const array of [2, lastLba - 32]) {
    for (let entry = 0; entry < 128; entry++) {
      const at = array * sector + entry * 128;
      ranges.push([at + 16, at + 32]);
    }
  }
  return ranges;
}

/**
 * The first byte where two disk images of the same size differ, outside the random GUIDs and CRCs; null when they
 * are equal. Only blocks that hold data in either file are read: elsewhere both are holes, which read as zeros.
 */
export async function firstDifference(a: string, b: string, diskBytes: number): Promise<number | null> {
  const ranges = [...(await dataRanges(a)), ...(await dataRanges(b))].sort((x, y) => x[0] - y[0]);
  const masked = randomRanges(diskBytes);
  const [fa, fb] = await Promise.all([open(a, 'r'), open(b, 'r')]);
  try {
    const bufferA = new Uint8Array(1 << 20);
    const bufferB = new Uint8Array(1 << 20);
    let done = 0;
    for (const [first, last] of ranges) {
      const end = (last + 1) * block;
      for (let at = Math.max(first * block, done); at < end; at += bufferA.length) {
        const length = Math.min(bufferA.length, end - at);
        await fa.read(bufferA, 0, length, at);
        await fb.read(bufferB, 0, length, at);
        for (const [start, stop] of masked) {
          if (stop <= at || start >= at + length) continue;
          const from = Math.max(start, at) - at;
          const to = Math.min(stop, at + length) - at;
          bufferA.fill(0, from, to);
          bufferB.fill(0, from, to);
        }
        if (Buffer.compare(bufferA.subarray(0, length), bufferB.subarray(0, length)) !== 0) {
          for (let i = 0; i < length; i++) if (bufferA[i] !== bufferB[i]) return at + i;
        }
      }
      done = Math.max(done, end);
    }
    return null;
  } finally {
    await Promise.all([fa.close(), fb.close()]);
  }
}

export async function readBmap(file: string): Promise<string> {
  return readFile(file, 'utf8');
}
