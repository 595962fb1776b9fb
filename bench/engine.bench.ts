import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ProgramEvent } from '../src/shared/program-events';
import { BoardTracker } from '../src/main/engine/boards/board-tracker';
import { programLayout } from '../src/main/engine/session/program-layout';
import {
  makeTempDir,
  removeTempDir,
  repositoryRoot,
} from '../src/main/engine/layout/test-support/layout-images';
import { noFaults } from '../src/main/virtual-board/board/board-faults';
import { startBoardFarm } from '../src/main/virtual-board/sim/board-farm';
import { createLinkModel, stageGapMs } from '../src/main/virtual-board/timing/link-model';
import type { SpeedMode } from '../src/main/virtual-board/timing/speed-mode';
import type { BenchEntry, BenchResult } from './bench-entry';
import { benchPartitionId, writeBenchLayout } from './engine-layout';

const blockBytes = 4096;

interface PartitionTiming {
  readonly bytes: number;
  readonly wallMs: number;
  readonly cpuUs: number;
}

/** Programs the bench layout on one MP15 board and times the big partition, first progress to done. */
async function timePartition(speed: SpeedMode, bytes: number, randomData: boolean): Promise<PartitionTiming> {
  const dir = await makeTempDir();
  try {
    const layoutPath = await writeBenchLayout(dir, bytes, randomData);
    const farm = await startBoardFarm({
      count: 1,
      soc: 'mp15',
      generation: 'current',
      faults: [noFaults],
      speed,
      storageDir: dir,
    });
    let start: { at: number; cpu: NodeJS.CpuUsage; bytes: number } | null = null;
    let timing: PartitionTiming | null = null;
    const onEvent = (event: ProgramEvent) => {
      if (event.type !== 'partition-progress' || event.partitionId !== benchPartitionId) return;
      if (start === null) start = { at: performance.now(), cpu: process.cpuUsage(), bytes: event.bytes };
      else if (event.done) {
        const cpu = process.cpuUsage(start.cpu);
        timing = {
          bytes: event.bytes - start.bytes,
          wallMs: performance.now() - start.at,
          cpuUs: cpu.user + cpu.system,
        };
      }
    };
    const tracker = new BoardTracker({ backend: farm.backend });
    await tracker.start();
    const [board] = tracker.boards();
    if (board === undefined) throw new Error('no virtual board');
    const result = await programLayout(
      { layoutPath },
      { backend: farm.backend, tracker, boardId: board.id, onEvent },
    );
    tracker.dispose();
    await farm.close();
    if (!result.ok || timing === null) throw new Error(`the bench run failed: ${JSON.stringify(result)}`);
    return timing;
  } finally {
    await removeTempDir(dir);
  }
}

/** Peak resident memory of the CLI programming a 4 GiB sparse image onto a fast virtual board. */
async function peakRssOfCli(bytes: number): Promise<number> {
  const dir = await makeTempDir();
  try {
    const layoutPath = await writeBenchLayout(dir, bytes);
    const child = spawn(
      process.execPath,
      [
        path.join(repositoryRoot, 'bin/stm32mp-flasher.js'),
        'program',
        layoutPath,
        '--sim',
        '--sim-speed',
        'fast',
        '--sim-storage',
        dir,
        '--console',
        'none',
        '--json',
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    let peakKb = 0;
    const poll = setInterval(() => {
      void readFile(`/proc/${child.pid}/status`, 'utf8').then(
        (status) => (peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0))),
        () => undefined,
      );
    }, 20);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    clearInterval(poll);
    if (code !== 0) throw new Error(`the CLI exited with ${code}`);
    return peakKb / 1024;
  } finally {
    await removeTempDir(dir);
  }
}

const entry: BenchEntry = {
  name: 'engine',
  async run(): Promise<BenchResult[]> {
    const fast = await timePartition({ kind: 'fast' }, 256 << 20, false);
    const zeroLatencyMBps = fast.bytes / 1e6 / (fast.wallMs / 1000);
    const blocks = fast.bytes / blockBytes;

    // Realistic High Speed: the link model's bound for the same blocks, plus U-Boot's flush at manifestation.
    const realisticBytes = 6 << 20;
    const realistic = await timePartition({ kind: 'realistic' }, realisticBytes, true);
    const link = createLinkModel({ kind: 'realistic' }, 'mp15', false);
    const boundMs =
      (realistic.bytes / blockBytes) * link.blockCostMs('uboot', 'sd') +
      realisticBytes / stageGapMs.flushBytesPerMs;

    const rss = await peakRssOfCli(4 * 1024 ** 3);
    return [
      {
        metric: 'engine_zero_latency_MBps',
        value: zeroLatencyMBps,
        unit: 'MB/s',
        target: '>= 100',
        note: '256 MiB partition, 4 KiB blocks, fast virtual board in the same process',
      },
      {
        metric: 'cpu_us_per_block',
        value: fast.cpuUs / blocks,
        unit: 'us',
        note: 'host and virtual board together, same run',
      },
      {
        metric: 'hs_model_efficiency',
        value: boundMs / realistic.wallMs,
        unit: 'ratio',
        target: '>= 0.97',
        note: `6 MiB at realistic High Speed: ${(realistic.wallMs / 1000).toFixed(2)} s vs the model's ${(boundMs / 1000).toFixed(2)} s`,
      },
      {
        metric: 'peak_rss_MB_4GiB',
        value: rss,
        unit: 'MB',
        target: '<= 150',
        note: 'CLI `program` of a 4 GiB sparse image, fast virtual board (VmHWM)',
      },
    ];
  },
};

export default entry;
