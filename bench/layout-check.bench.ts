import { copyFile, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { checkFlashLayout } from '../src/main/engine/layout/check-flash-layout';
import { parseFlashLayout } from '../src/main/engine/layout/parse-flash-layout';
import { sumStm32Payload } from '../src/main/engine/layout/stm32-payload-checksum';
import {
  fixturesDir,
  listFixtures,
  makeTempDir,
  removeTempDir,
  socOfFixture,
  writeLayoutImages,
  writePlainImage,
} from '../src/main/engine/layout/test-support/layout-images';
import type { BenchEntry, BenchResult } from './bench-entry';

const warmups = 10;
const rounds = 100;
/** Bytes streamed to measure the checksum; a sparse file, so the disk is not the bottleneck. */
const checksumBytes = 512 << 20;

async function largestFixture(): Promise<string> {
  const sized = await Promise.all(
    (await listFixtures()).map(async (name) => ({
      name,
      size: (await stat(path.join(fixturesDir, name))).size,
    })),
  );
  return sized.reduce((a, b) => (b.size > a.size ? b : a)).name;
}

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

/** `check` on the largest real layout with its images generated (small ones: big-image checksums aside). */
async function measureCheck(dir: string): Promise<BenchResult[]> {
  const name = await largestFixture();
  const layoutPath = path.join(dir, name);
  await copyFile(path.join(fixturesDir, name), layoutPath);
  const { layout } = parseFlashLayout(await readFile(layoutPath));
  await writeLayoutImages(layout, dir, { soc: socOfFixture(name) });
  const soc = socOfFixture(name);
  for (let i = 0; i < warmups; i++) await checkFlashLayout(layoutPath, { soc });
  const report = await checkFlashLayout(layoutPath, { soc });
  if (!report.ok) throw new Error(`the bench layout has errors: ${JSON.stringify(report.issues)}`);
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < rounds; i++) await checkFlashLayout(layoutPath, { soc });
  const wall = (performance.now() - start) / rounds;
  const perCheck = cpuMs(process.cpuUsage(cpu)) / rounds;
  const note = `${name}, ${layout.partitions.length} lines, mean of ${rounds}`;
  return [
    { metric: 'layout check CPU', value: perCheck, unit: 'ms', target: '< 50', note },
    { metric: 'layout check wall', value: wall, unit: 'ms', note },
  ];
}

/** The `.stm32` payload checksum, streamed from a file (page cache, sparse): its cost per GB. */
async function measureChecksum(dir: string): Promise<BenchResult[]> {
  const file = path.join(dir, 'big.stm32');
  await writePlainImage(file, checksumBytes + 256);
  await sumStm32Payload(file, 256, 16 << 20);
  const cpu = process.cpuUsage();
  const start = performance.now();
  await sumStm32Payload(file, 256, checksumBytes);
  const seconds = (performance.now() - start) / 1000;
  const cpuSeconds = cpuMs(process.cpuUsage(cpu)) / 1000;
  const perGB = 1e9 / checksumBytes;
  const note = `${checksumBytes >> 20} MiB streamed (GB = 10^9 bytes)`;
  return [
    { metric: 'stm32 checksum wall per GB', value: seconds * perGB, unit: 's/GB', note },
    { metric: 'stm32 checksum CPU per GB', value: cpuSeconds * perGB, unit: 's/GB', note },
  ];
}

const entry: BenchEntry = {
  name: 'layout-check',
  async run() {
    const dir = await makeTempDir();
    try {
      return [...(await measureCheck(dir)), ...(await measureChecksum(dir))];
    } finally {
      await removeTempDir(dir);
    }
  },
};

export default entry;
