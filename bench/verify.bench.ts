import path from 'node:path';
import { runCli } from '../src/main/cli/cli-program';
import { fakeCliIo } from '../src/main/cli/fake-cli-io';
import { imageForLine } from '../src/main/cli/program/test-support/staged-fixture';
import { makeTempDir, removeTempDir } from '../src/main/engine/layout/test-support/layout-images';
import { stageFixture } from '../src/main/virtual-board/conformance/fixture-layout';
import type { ProgramEvent } from '../src/shared/program-events';
import type { BenchEntry, BenchResult } from './bench-entry';

const dk1 = 'stm32mp157a-dk1-sdcard-trusted-blog.tsv';
const mib = 1024 * 1024;
/** Boot images stay small as real ones are; each file system partition gets 12 MiB. */
const bootImageBytes = 64 * 1024;
const dataImageBytes = 12 * mib;
const runs = 3;

interface ProgramRun {
  readonly wallMs: number;
  /** Time from each partition's first read-back event to its last, summed (upload and compare together). */
  readonly verifyMs: number;
  readonly verifiedBytes: number;
}

async function program(layout: string, work: string, storage: string, verify: boolean): Promise<ProgramRun> {
  const io = fakeCliIo({ cwd: work });
  const args = ['program', layout, '--json', '--sim', '--sim-soc', 'mp15', '--sim-speed', 'fast'];
  const start = performance.now();
  const code = await runCli([...args, '--sim-storage', storage, ...(verify ? ['--verify'] : [])], io);
  const wallMs = performance.now() - start;
  if (code !== 0) throw new Error(`program${verify ? ' --verify' : ''} exited ${code}: ${io.err()}`);
  const events = io
    .out()
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as ProgramEvent);
  let verifyMs = 0;
  let verifiedBytes = 0;
  let previousMs = 0;
  for (const event of events) {
    if (event.type === 'partition-progress' && event.step === 'verify') {
      verifyMs += event.elapsedMs - previousMs;
      if (event.done) verifiedBytes += event.total;
    }
    if ('elapsedMs' in event && typeof event.elapsedMs === 'number') previousMs = event.elapsedMs;
  }
  return { wallMs, verifyMs, verifiedBytes };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1] ?? NaN;

const entry: BenchEntry = {
  name: 'verify',
  async run(): Promise<BenchResult[]> {
    const dir = await makeTempDir();
    try {
      await stageFixture(dk1, dir, (line) =>
        imageForLine('mp15', line, line.binary.endsWith('.stm32') ? bootImageBytes : dataImageBytes),
      );
      const layout = path.join(dir, dk1);
      const plain: number[] = [];
      const verified: ProgramRun[] = [];
      for (let index = 0; index < runs; index += 1) {
        plain.push((await program(layout, dir, path.join(dir, `plain-${index}`), false)).wallMs);
        verified.push(await program(layout, dir, path.join(dir, `verify-${index}`), true));
      }
      const plainMs = median(plain);
      const verifyWallMs = median(verified.map((run) => run.wallMs));
      const readBackMs = median(verified.map((run) => run.verifyMs));
      const bytes = verified[0]?.verifiedBytes ?? 0;
      const added = verifyWallMs - plainMs;
      const note = `DK1 SD, fast virtual board, ${dataImageBytes / mib} MiB per file system; median of ${runs}`;
      return [
        { metric: 'program (ms)', value: plainMs, unit: 'ms', note },
        { metric: 'program --verify (ms)', value: verifyWallMs, unit: 'ms', note },
        { metric: 'verify added (ms)', value: added, unit: 'ms' },
        {
          metric: 'verify read-back stage (ms)',
          value: readBackMs,
          unit: 'ms',
          note: 'upload and compare as the events time them (upload alone is not separable)',
        },
        { metric: 'verify read back (MiB)', value: bytes / mib, unit: 'MiB' },
        { metric: 'verify read-back rate', value: bytes / mib / (readBackMs / 1000), unit: 'MiB/s' },
        { metric: 'verify added / read-back', value: added / readBackMs, unit: 'ratio', target: '<= 1.05' },
      ];
    } finally {
      await removeTempDir(dir);
    }
  },
};
export default entry;
