import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startSimulation } from '../src/main/compose/sim/start-simulation';
import { BoardTracker } from '../src/main/engine/boards/board-tracker';
import { makeTempDir, removeTempDir } from '../src/main/engine/layout/test-support/layout-images';
import { prepareLayoutRun } from '../src/main/engine/session/program-layout';
import type { SessionPlan } from '../src/main/engine/session/session-plan';
import { StationRunner } from '../src/main/engine/station/station-runner';
import { imageForLine } from '../src/main/cli/program/test-support/staged-fixture';
import { stageFixture } from '../src/main/virtual-board/conformance/fixture-layout';
import type { BenchEntry, BenchResult } from './bench-entry';

const dk1 = 'stm32mp157a-dk1-sdcard-trusted-blog.tsv';
/** The `.stm32` images (TF-A, U-Boot) stay small as real ones are; each file system partition gets 4 MiB. */
const bootImageBytes = 64 * 1024;
const dataImageBytes = 4 * 1024 * 1024;
const mib = 1024 * 1024;

/** Peak resident memory since the last reset (VmHWM), in bytes; the process's lifetime peak off Linux. */
async function peakRss(): Promise<number> {
  try {
    const status = await readFile('/proc/self/status', 'utf8');
    const kb = /VmHWM:\s+(\d+)/.exec(status)?.[1];
    if (kb !== undefined) return Number(kb) * 1024;
  } catch {
    // Not Linux: the lifetime peak below.
  }
  return process.resourceUsage().maxRSS * 1024;
}

/** Resets VmHWM to the current RSS (Linux: `5` into clear_refs); answers whether it could. */
async function resetPeakRss(): Promise<boolean> {
  try {
    await writeFile('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

interface StationTiming {
  readonly wallMs: number;
  readonly peakBytes: number;
  readonly peakSinceReset: boolean;
}

/** `count` realistic-mode DK1 boards (2019 firmware) programmed at once through `StationRunner.programAll()`. */
async function timeStation(plan: SessionPlan, dir: string, count: number): Promise<StationTiming> {
  const storage = path.join(dir, `storage-${count}`);
  const simulation = await startSimulation(
    {
      sim: count,
      simSoc: 'mp15',
      simFault: [],
      simSpeed: { kind: 'realistic' },
      simFirmware: '2019',
      simMediumSize: new Map(),
      simStorage: storage,
    },
    {},
  );
  if (simulation === null) throw new Error('no simulation');
  const tracker = new BoardTracker({ backend: simulation.backend });
  try {
    await tracker.start();
    await tracker.settled();
    const failures: string[] = [];
    const runner = new StationRunner({
      name: `bench ${count}`,
      tracker,
      backend: simulation.backend,
      plan,
      slots: Array.from({ length: count }, (_, index) => ({ name: `${index + 1}`, port: `1-${index + 1}` })),
      auto: false,
      record: (attempt) => {
        if (!attempt.result.ok) failures.push(`${attempt.slot.name}: ${attempt.result.code ?? '?'}`);
        return Promise.resolve();
      },
    });
    runner.start();
    const peakSinceReset = await resetPeakRss();
    const start = performance.now();
    await runner.programAll();
    const wallMs = performance.now() - start;
    const peakBytes = await peakRss();
    await runner.stop();
    const passed = runner.view().counters.passed;
    if (failures.length > 0 || passed !== count)
      throw new Error(`${count} boards: ${passed} passed; ${failures.join(', ')}`);
    return { wallMs, peakBytes, peakSinceReset };
  } finally {
    tracker.dispose();
    await simulation.close();
    await removeTempDir(storage);
  }
}

const entry: BenchEntry = {
  name: 'station',
  async run(): Promise<BenchResult[]> {
    const dir = await makeTempDir();
    try {
      const layoutDir = path.join(dir, 'layout');
      await mkdir(layoutDir, { recursive: true });
      await stageFixture(dk1, layoutDir, (line) =>
        imageForLine('mp15', line, line.binary.endsWith('.stm32') ? bootImageBytes : dataImageBytes),
      );
      const prepared = await prepareLayoutRun({ layoutPath: path.join(layoutDir, dk1), cwd: layoutDir });
      if (prepared.kind !== 'ready') throw new Error('the DK1 layout was refused');
      const firstOne = await timeStation(prepared.plan, dir, 1);
      const eight = await timeStation(prepared.plan, dir, 8);
      const sixteen = await timeStation(prepared.plan, dir, 16);
      // One board again, warm: the ratios are held against the faster single run (the first pays for JIT warm-up).
      const lastOne = await timeStation(prepared.plan, dir, 1);
      const one = lastOne.wallMs < firstOne.wallMs ? lastOne : firstOne;
      const seconds = (timing: StationTiming): string => `${(timing.wallMs / 1000).toFixed(2)} s`;
      const layoutNote = 'DK1 SD card, 2019 flow, 4 × 4 MiB file systems + 64 KiB boot images, realistic';
      return [
        {
          metric: 'station_1_board_s',
          value: one.wallMs / 1000,
          unit: 's',
          note: `${layoutNote}; faster of two runs (${seconds(firstOne)}, ${seconds(lastOne)})`,
        },
        {
          metric: 'station_8_boards_s',
          value: eight.wallMs / 1000,
          unit: 's',
          note: 'Program all, same run',
        },
        {
          metric: 'station_16_boards_s',
          value: sixteen.wallMs / 1000,
          unit: 's',
          note: 'Program all, same run',
        },
        {
          metric: 'station_ratio_8_to_1',
          value: eight.wallMs / one.wallMs,
          unit: 'ratio',
          target: '<= 1.15',
          note: `${seconds(eight)} vs ${seconds(one)}`,
        },
        {
          metric: 'station_ratio_16_to_1',
          value: sixteen.wallMs / one.wallMs,
          unit: 'ratio',
          target: '<= 1.3',
          note: `${seconds(sixteen)} vs ${seconds(one)}`,
        },
        {
          metric: 'station_peak_rss_MB_16',
          value: sixteen.peakBytes / mib,
          unit: 'MB',
          target: '<= 250',
          note: sixteen.peakSinceReset
            ? 'VmHWM reset before the 16-board run; host and virtual boards in one process'
            : 'lifetime peak (maxRSS); host and virtual boards in one process',
        },
      ];
    } finally {
      await removeTempDir(dir);
    }
  },
};

export default entry;
