import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { open, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { exportCardImage } from '../src/main/engine/image/export-card-image';
import { makeTempDir, removeTempDir } from '../src/main/engine/layout/test-support/layout-images';
import type { BenchEntry, BenchResult } from './bench-entry';

const run = promisify(execFile);
const mib = 1024 * 1024;
/** 1 GiB of images over four partitions of an SD-card layout, on a 4 GiB card. */
const images = [
  { id: '0x10', name: 'bootfs', bytes: 64 * mib, offset: 0x00100000 },
  { id: '0x11', name: 'vendorfs', bytes: 64 * mib, offset: 0x04100000 },
  { id: '0x12', name: 'rootfs', bytes: 768 * mib, offset: 0x08100000 },
  { id: '0x13', name: 'userfs', bytes: 128 * mib, offset: 0x38100000 },
] as const;
const runs = 7;

/** A cheap pattern: each 4 MiB chunk one non-zero byte value (no zero blocks, so every byte is data). */
async function writePattern(file: string, bytes: number, seed: number): Promise<void> {
  const handle = await open(file, 'w');
  try {
    const chunk = new Uint8Array(4 * mib);
    for (let at = 0; at < bytes; at += chunk.length) {
      chunk.fill(((at / chunk.length + seed) % 255) + 1);
      await handle.write(chunk, 0, Math.min(chunk.length, bytes - at), at);
    }
  } finally {
    await handle.close();
  }
}

/** Reads a file to its end (into the page cache) and drops the bytes. */
async function readThrough(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    const buffer = new Uint8Array(4 * mib);
    for (let position = 0; ;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
    }
  } finally {
    await handle.close();
  }
}

async function timed(action: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await action();
  return performance.now() - start;
}

/** The floor the bmap's checksums set: one sha256 over 1 GiB in memory, no I/O. */
function hashGiBMs(): number {
  const chunk = new Uint8Array(4 * mib).fill(0xa5);
  const start = performance.now();
  const hash = createHash('sha256');
  for (let index = 0; index < 256; index += 1) hash.update(chunk);
  hash.digest();
  return performance.now() - start;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1] ?? NaN;

const entry: BenchEntry = {
  name: 'image-export',
  async run(): Promise<BenchResult[]> {
    const dir = await makeTempDir();
    try {
      const lines = ['#Opt\tId\tName\tType\tIP\tOffset\tBinary'];
      for (const [index, image] of images.entries()) {
        await writePattern(path.join(dir, `${image.name}.ext4`), image.bytes, index * 37);
        const offset = `0x${image.offset.toString(16).padStart(8, '0')}`;
        lines.push(`P\t${image.id}\t${image.name}\tFileSystem\tmmc0\t${offset}\t${image.name}.ext4`);
      }
      const layout = path.join(dir, 'FlashLayout.tsv');
      await writeFile(layout, `${lines.join('\n')}\n`);
      const card = path.join(dir, 'card.img');
      const reference = path.join(dir, 'reference.img');
      const copy = path.join(dir, 'copy.img');
      const exportTo = (output: string, checksums: boolean): Promise<unknown> =>
        exportCardImage({ layoutPath: layout, diskBytes: 4n << 30n, output, checksums });
      // Untimed: the images and the image cp copies are read once, so every timed step reads a warm page cache.
      await exportTo(reference, true);
      await run('cp', ['--sparse=always', '--reflink=never', reference, copy]);
      const imageFiles = images.map((image) => path.join(dir, `${image.name}.ext4`));
      const fresh = async (file: string, sources: readonly string[]): Promise<void> => {
        await rm(file, { force: true });
        // No step pays for the previous one's dirty pages: everything is on disk before the clock starts.
        await run('sync');
        // And both read a warm page cache: what a step reads is read once just before (the VM's page
        // reclaim otherwise drops some of it at random while others' runs fill memory).
        for (const source of sources) await readThrough(source);
      };
      const steps = {
        export: async (): Promise<number> => {
          await fresh(card, imageFiles);
          return timed(() => exportTo(card, true));
        },
        exportNoChecksum: async (): Promise<number> => {
          await fresh(card, imageFiles);
          return timed(() => exportTo(card, false));
        },
        // The same bytes, as cp copies them: an exported image (1 GiB of data, sparse), never a reflink.
        cp: async (): Promise<number> => {
          await fresh(copy, [reference]);
          return timed(() => run('cp', ['--sparse=always', '--reflink=never', reference, copy]));
        },
      };
      const times = { export: [] as number[], exportNoChecksum: [] as number[], cp: [] as number[] };
      const order = ['export', 'cp', 'exportNoChecksum'] as const;
      for (let index = 0; index < runs; index += 1) {
        // Alternating order: cp first in every other run.
        const turn = index % 2 === 0 ? order : ([...order].reverse() as (typeof order)[number][]);
        for (const name of turn) times[name].push(await steps[name]());
      }
      const exported = median(times.export);
      const unhashed = median(times.exportNoChecksum);
      const copied = median(times.cp);
      const all = (values: number[]): string => values.map((value) => value.toFixed(0)).join(' ');
      const note = `median of ${runs}, alternating order, synced, warm cache; 1 GiB of data on a 4 GiB card`;
      return [
        {
          metric: 'image export 1 GiB (ms)',
          value: exported,
          unit: 'ms',
          note: `${note}; runs ${all(times.export)}`,
        },
        {
          metric: 'image export --no-checksum (ms)',
          value: unhashed,
          unit: 'ms',
          note: `runs ${all(times.exportNoChecksum)}`,
        },
        {
          metric: 'cp --sparse=always same bytes',
          value: copied,
          unit: 'ms',
          note: `cp --sparse=always --reflink=never of an exported image; runs ${all(times.cp)}`,
        },
        { metric: 'image export / cp', value: exported / copied, unit: 'ratio', target: '<= 1.2' },
        { metric: 'export --no-checksum / cp', value: unhashed / copied, unit: 'ratio', target: '<= 1.2' },
        {
          metric: 'image export / cp, best runs',
          value: Math.min(...times.export) / Math.min(...times.cp),
          unit: 'ratio',
          note: "fastest of each: the machine is shared, a slow run is mostly others' I/O",
        },
        {
          metric: 'export --no-checksum / cp, best',
          value: Math.min(...times.exportNoChecksum) / Math.min(...times.cp),
          unit: 'ratio',
        },
        {
          metric: 'sha256 of 1 GiB in memory',
          value: hashGiBMs(),
          unit: 'ms',
          note: 'the floor the .bmap range checksums set on one thread',
        },
      ];
    } finally {
      await removeTempDir(dir);
    }
  },
};
export default entry;
