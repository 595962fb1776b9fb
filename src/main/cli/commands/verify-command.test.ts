import { createHash } from 'node:crypto';
import { open, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgramEvent, ResultEvent } from '../../../shared/program-events';
import { makeTempDir, removeTempDir, socOfFixture } from '../../engine/layout/test-support/layout-images';
import { runCli } from '../cli-program';
import { fakeCliIo } from '../fake-cli-io';
import { stageLayout } from '../program/test-support/staged-fixture';

const dk1 = 'stm32mp157a-dk1-sdcard-trusted-blog.tsv';
/** One SD or eMMC layout of each SoC. */
const fixtures = [dk1, 'stm32mp135d-atk-sdcard-optee-doubled-tabs.tsv', 'stm32mp257f-ev1-emmc-openbmc.tsv'];

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
  fixture: string,
  work: string,
  extra: string[],
): Promise<Run> {
  const soc = socOfFixture(fixture);
  const layout = path.join(work, fixture);
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
  /** The offsets of the layout's memory lines (an eMMC boot area's `boot1` aside). */
  readonly offsets: number[];
  /** The partition ids the program run wrote. */
  readonly written: number[];
}

async function programmedBoard(fixture: string, name: string, extra: string[] = []): Promise<Programmed> {
  const work = path.join(dir, name);
  const staged = await stageLayout(fixture, work, socOfFixture(fixture));
  const program = await cli('program', fixture, work, extra);
  expect(program.result.ok).toBe(true);
  const memoryLines = staged.lines.filter((line) => line.ip !== 'none');
  const offsets = memoryLines.map((line) => Number(line.offset)).filter((offset) => Number.isFinite(offset));
  const written = memoryLines.filter((line) => /P/.test(line.option) && !/E/.test(line.option));
  return { work, offsets, written: written.map((line) => line.id).sort((a, b) => a - b) };
}

describe('verify <layout> on a virtual board programmed before', () => {
  it.each(fixtures)(
    '%s: passes, reads every partition written, and leaves the memory as it was',
    async (fixture) => {
      const { work, offsets, written } = await programmedBoard(fixture, `good-${fixture}`);
      const before = await memoryState(work, offsets);
      expect(Object.keys(before).length).toBeGreaterThan(0);
      const run = await cli('verify', fixture, work, []);
      expect(run.result).toMatchObject({ ok: true });
      expect(run.code).toBe(0);
      expect(written.length).toBeGreaterThanOrEqual(3);
      expect(verified(run.events).sort((a, b) => a - b)).toEqual(written);
      expect(downloaded(run.events)).toEqual([]);
      expect(await memoryState(work, offsets)).toEqual(before);
    },
  );

  it('fails with VERIFY_MISMATCH, the partition and the offset, on a corrupted partition, writing nothing', async () => {
    const { work, offsets } = await programmedBoard(dk1, 'corrupt', ['--sim-fault', 'corrupt=0x22']);
    const before = await memoryState(work, offsets);
    const run = await cli('verify', dk1, work, []);
    expect(run.result.ok).toBe(false);
    expect(run.result.code).toBe('VERIFY_MISMATCH');
    expect(run.result.message).toMatch(/0x22/);
    expect(run.result.message).toMatch(/offset 0x[0-9a-f]+/i);
    expect(run.code).not.toBe(0);
    expect(downloaded(run.events)).toEqual([]);
    expect(await memoryState(work, offsets)).toEqual(before);
  });
});
