import { randomFillSync } from 'node:crypto';
import { open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { runCli } from '../src/main/cli/cli-program';
import { fakeCliIo } from '../src/main/cli/fake-cli-io';
import { stageFastFixture } from '../src/main/cli/program/test-support/fast-path-fixture';
import { BlockMap } from '../src/main/engine/image/block-map';
import { writeBmapFile } from '../src/main/engine/image/bmap-file';
import { makeTempDir, removeTempDir } from '../src/main/engine/layout/test-support/layout-images';
import type { BenchEntry, BenchResult } from './bench-entry';

/**
 * Issue 26: a 1 GiB root file system with 30 % data and a `.bmap`, programmed over the fast path (fastboot, sparse
 * pieces leaving out what the bmap does not map) and over DFU (every byte, as U-Boot's DFU writes them), on the
 * same virtual board model, each at two speeds (`speeds`) so the model's own time can be told from the host's. The ratio is the model's: it rests on the
 * figures named in the note (none of them measured on an STM32MP board's fastboot).
 */
const fixture = 'stm32mp157c-ev1-sdcard-fwu-pe-tfa-ci-2024.tsv';
const mib = 1024 * 1024;
const rootfsBytes = 1024 * mib;
/** 30 % data: in every 40 MiB, 12 MiB of data in three 4 MiB extents. */
const extentBytes = 4 * mib;
/**
 * Two speeds: a run's wall time is the host's own work plus the model's time divided by the speed, so the model's
 * time is 20 × (t(x10) − t(x20)) and the host's work 2 × t(x20) − t(x10), whatever the machine's load adds to both.
 */
const speeds = [10, 20] as const;

interface PathRun {
  readonly wallMs: number;
  readonly hostToDevice: number;
  readonly deviceToHost: number;
  readonly requests: number;
}

/** Makes the sparse rootfs and its bmap (the engine's own bmap writer, as `image` writes it). */
async function writeRootfs(file: string): Promise<number> {
  const handle = await open(file, 'w');
  const map = new BlockMap();
  const data = new Uint8Array(extentBytes);
  randomFillSync(data);
  let mapped = 0;
  try {
    await handle.truncate(rootfsBytes);
    for (let at = 0; at < rootfsBytes; at += 10 * extentBytes)
      for (const offset of [0, 3, 6].map((n) => at + n * extentBytes)) {
        if (offset + extentBytes > rootfsBytes) break;
        data[0] = (offset / extentBytes) & 0xff; // no two extents alike
        await handle.write(data, 0, data.length, offset);
        map.addBytes(BigInt(offset), BigInt(offset + data.length));
        mapped += data.length;
      }
  } finally {
    await handle.close();
  }
  await writeBmapFile(`${file}.bmap`, file, rootfsBytes, map);
  return mapped;
}

/** Sums the data phases of every request in a `--log` trace, each way (control, and bulk for fastboot). */
function linkBytes(trace: string): Omit<PathRun, 'wallMs'> {
  let hostToDevice = 0;
  let deviceToHost = 0;
  let requests = 0;
  for (const line of trace.split('\n')) {
    const moved = /^\S+ (BULK )?(IN|OUT) .* -> (\d+) bytes/.exec(line);
    if (moved === null) continue;
    requests += 1;
    if (moved[2] === 'OUT') hostToDevice += Number(moved[3]);
    else deviceToHost += Number(moved[3]);
  }
  return { hostToDevice, deviceToHost, requests };
}

async function program(layout: string, work: string, fast: 'on' | 'off', speed: number): Promise<PathRun> {
  const io = fakeCliIo({ cwd: work });
  const log = path.join(work, `trace-${fast}.log`);
  const storage = path.join(work, `board-${fast}`);
  const args = ['program', layout, '--json', '--fast', fast, '--log', log];
  const sim = ['--sim', '--sim-soc', 'mp15', '--sim-speed', `x${speed}`, '--sim-medium-size', 'mmc0=2G'];
  const start = performance.now();
  const code = await runCli([...args, ...sim, '--sim-storage', storage], io);
  const wallMs = performance.now() - start;
  if (code !== 0)
    throw new Error(`program --fast ${fast} exited ${code}: ${io.err()}\n${io.out().slice(-3000)}`);
  const counts = linkBytes(await readFile(log, 'utf8'));
  await rm(storage, { recursive: true, force: true });
  await rm(log, { force: true });
  return { wallMs, ...counts };
}

const entry: BenchEntry = {
  name: 'fast-path',
  async run(): Promise<BenchResult[]> {
    const dir = await makeTempDir();
    try {
      const staged = await stageFastFixture({ fixture, soc: 'mp15', fastboot: 'sdcard' }, dir);
      const rootfs = staged.lines.find((line) => line.name === 'rootfs');
      if (rootfs === undefined) throw new Error(`${fixture} has no rootfs line`);
      const mapped = await writeRootfs(path.join(dir, rootfs.binary));
      const runs = { on: [] as PathRun[], off: [] as PathRun[] };
      for (const speed of speeds)
        for (const fast of ['on', 'off'] as const)
          runs[fast].push(await program(staged.layoutPath, dir, fast, speed));
      const modelMs = (path: PathRun[]): number => 20 * ((path[0]?.wallMs ?? NaN) - (path[1]?.wallMs ?? NaN));
      const hostMs = (path: PathRun[]): number => 2 * (path[1]?.wallMs ?? NaN) - (path[0]?.wallMs ?? NaN);
      const [fast, dfu] = [runs.on[0], runs.off[0]];
      if (fast === undefined || dfu === undefined) throw new Error('no run');
      const note = `${fixture}, 1 GiB rootfs with ${(mapped / mib).toFixed(0)} MiB mapped by its .bmap`;
      const model =
        'model: DFU per-block costs of timing-observed.md (U-Boot stage); fastboot 25 MB/s transfer ' +
        '(TI AM62x, the one sourced U-Boot figure) then the DFU flush rate (~20 MB/s) for the write, one after ' +
        'the other (model-choices.md)';
      return [
        {
          metric: 'fast path at x10 / x20 (ms)',
          value: `${fast.wallMs.toFixed(0)} / ${runs.on[1]?.wallMs.toFixed(0)}`,
          unit: 'ms',
          note,
        },
        {
          metric: 'DFU at x10 / x20 (ms)',
          value: `${dfu.wallMs.toFixed(0)} / ${runs.off[1]?.wallMs.toFixed(0)}`,
          unit: 'ms',
        },
        {
          metric: 'fast path, model time (s)',
          value: modelMs(runs.on) / 1000,
          unit: 's',
          note: 'whole run, boot chain included, at realistic pace',
        },
        { metric: 'DFU, model time (s)', value: modelMs(runs.off) / 1000, unit: 's', note: model },
        {
          metric: 'DFU / fast path (model)',
          value: modelMs(runs.off) / modelMs(runs.on),
          unit: 'ratio',
          note: "the model's speed-up",
        },
        {
          metric: 'host work fast / DFU (s)',
          value: `${(hostMs(runs.on) / 1000).toFixed(1)} / ${(hostMs(runs.off) / 1000).toFixed(1)}`,
          unit: 's',
          note: 'this machine, not the model',
        },
        { metric: 'fast path host→board', value: fast.hostToDevice / mib, unit: 'MiB' },
        { metric: 'fast path board→host', value: fast.deviceToHost / 1024, unit: 'KiB' },
        {
          metric: 'fast path requests',
          value: fast.requests,
          unit: 'count',
          note: 'control and bulk transfers, from the --log trace',
        },
        { metric: 'DFU host→board', value: dfu.hostToDevice / mib, unit: 'MiB' },
        { metric: 'DFU board→host', value: dfu.deviceToHost / 1024, unit: 'KiB' },
        { metric: 'DFU requests', value: dfu.requests, unit: 'count' },
      ];
    } finally {
      await removeTempDir(dir);
    }
  },
};
export default entry;
