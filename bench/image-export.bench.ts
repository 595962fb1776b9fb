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
const runs = 3;

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
      const copy = path.join(dir, 'copy.img');
      const exportMs: number[] = [];
      const cpMs: number[] = [];
      for (let index = 0; index < runs; index += 1) {
        await rm(card, { force: true });
        exportMs.push(
          await timed(() => exportCardImage({ layoutPath: layout, diskBytes: 4n << 30n, output: card })),
        );
        // The same bytes, as cp copies them: the exported image (1 GiB of data, sparse), never a reflink.
        await rm(copy, { force: true });
        cpMs.push(await timed(() => run('cp', ['--sparse=always', '--reflink=never', card, copy])));
      }
      const exported = median(exportMs);
      const copied = median(cpMs);
      const note = `median of ${runs}; 1 GiB of data on a 4 GiB card; cp --sparse=always --reflink=never of the image`;
      return [
        { metric: 'image export 1 GiB (ms)', value: exported, unit: 'ms', note },
        { metric: 'cp --sparse=always same bytes', value: copied, unit: 'ms', note },
        { metric: 'image export / cp', value: exported / copied, unit: 'ratio', target: '<= 1.2' },
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
