import { createHash } from 'node:crypto';
import { open, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgramEvent, ResultEvent } from '../../../shared/program-events';
import { makeTempDir, removeTempDir, socOfFixture } from '../../engine/layout/test-support/layout-images';
import { runCli } from '../cli-program';
import { fakeCliIo } from '../fake-cli-io';
import { stageLayout } from '../program/test-support/staged-fixture';

const fixture = 'stm32mp157a-dk1-sdcard-trusted-blog.tsv';
const soc = socOfFixture(fixture);

let dir = '';
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => {
  await removeTempDir(dir);
});

interface Run {
  readonly code: number;
  readonly events: ProgramEvent[];
  readonly result: ResultEvent;
}

async function cli(
  command: 'program' | 'verify',
  work: string,
  layout: string,
  extra: string[],
): Promise<Run> {
  const io = fakeCliIo({ cwd: work });
  const args = [command, layout, '--json', '--sim', '--sim-soc', soc, '--sim-speed', 'fast'];
  const code = await runCli([...args, '--sim-storage', path.join(work, 'board'), ...extra], io);
  const events = io
    .out()
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as ProgramEvent);
  return { code, events, result: events.at(-1) as ResultEvent };
}

const window = 1024 * 1024;

/**
 * Each memory file of the board's folder, by name: its size, allocated blocks, modification time, and the SHA-256
 * of its first and last MiB (both GPTs) and of a MiB at each partition offset of the layout. The files are sparse
 * 8 GiB files: hashing them whole would read gigabytes of holes; any write moves the modification time anyway.
 */
async function memoryState(work: string, offsets: readonly number[]): Promise<Record<string, string>> {
  const folder = path.join(work, 'board');
  const state: Record<string, string> = {};
  for (const name of (await readdir(folder)).sort()) {
    const handle = await open(path.join(folder, name), 'r');
    try {
      const stats = await handle.stat();
      const hash = createHash('sha256');
      for (const at of [0, ...offsets, Math.max(0, stats.size - window)]) {
        const bytes = Buffer.alloc(window);
        const { bytesRead } = await handle.read(bytes, 0, window, at);
        hash.update(bytes.subarray(0, bytesRead));
      }
      state[name] = `${stats.size} ${stats.blocks} ${stats.mtimeMs} ${hash.digest('hex')}`;
    } finally {
      await handle.close();
    }
  }
  return state;
}

/** Partition ids the run sent a DFU DOWNLOAD to (a `flash` step), beside the layout and the boot chain. */
const downloaded = (events: readonly ProgramEvent[]): number[] =>
  events.flatMap((event) =>
    event.type === 'partition-progress' && event.step !== 'verify' && event.partitionId >= 0x04
      ? [event.partitionId]
      : [],
  );

const verified = (events: readonly ProgramEvent[]): number[] =>
  events.flatMap((event) =>
    event.type === 'partition-progress' && event.step === 'verify' && event.done ? [event.partitionId] : [],
  );

interface Programmed {
  readonly work: string;
  readonly layout: string;
  /** The offsets of the layout's memory lines. */
  readonly offsets: number[];
}

async function programmedBoard(name: string, extra: string[] = []): Promise<Programmed> {
  const work = path.join(dir, name);
  const staged = await stageLayout(fixture, work, soc);
  const program = await cli('program', work, staged.layoutPath, extra);
  expect(program.result.ok).toBe(true);
  const offsets = staged.lines.filter((line) => line.ip !== 'none').map((line) => Number(line.offset));
  return { work, layout: staged.layoutPath, offsets };
}

describe('verify <layout> on a virtual board programmed before', () => {
  it('passes on the board as programmed, reads every partition, and leaves its memory byte for byte', async () => {
    const { work, layout, offsets } = await programmedBoard('good');
    const before = await memoryState(work, offsets);
    expect(Object.keys(before).length).toBeGreaterThan(0);
    const run = await cli('verify', work, layout, []);
    expect(run.result).toMatchObject({ ok: true });
    expect(run.code).toBe(0);
    expect(verified(run.events).length).toBeGreaterThanOrEqual(3);
    expect(downloaded(run.events)).toEqual([]);
    expect(await memoryState(work, offsets)).toEqual(before);
  });

  it('fails with VERIFY_MISMATCH, the partition and the offset, on a corrupted partition, writing nothing', async () => {
    const { work, layout, offsets } = await programmedBoard('corrupt', ['--sim-fault', 'corrupt=0x22']);
    const before = await memoryState(work, offsets);
    const run = await cli('verify', work, layout, []);
    expect(run.result.ok).toBe(false);
    expect(run.result.code).toBe('VERIFY_MISMATCH');
    expect(run.result.message).toMatch(/0x22/);
    expect(run.result.message).toMatch(/offset 0x[0-9a-f]+/i);
    expect(run.code).not.toBe(0);
    expect(downloaded(run.events)).toEqual([]);
    expect(await memoryState(work, offsets)).toEqual(before);
  });
});
