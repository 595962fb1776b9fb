import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgramEvent, ResultEvent } from '../../../shared/program-events';
import {
  fixturesDir,
  listFixtures,
  makeTempDir,
  removeTempDir,
  socOfFixture,
} from '../../engine/layout/test-support/layout-images';
import { layoutLines } from '../../virtual-board/conformance/fixture-layout';
import { runCli } from '../cli-program';
import { fakeCliIo } from '../fake-cli-io';
import { stageLayout } from '../program/test-support/staged-fixture';

/** Fixtures whose every memory line is on SD or eMMC (`mmcN`). */
async function sdOrEmmcFixtures(): Promise<string[]> {
  const names: string[] = [];
  for (const name of await listFixtures()) {
    const memories = layoutLines(await readFile(path.join(fixturesDir, name), 'latin1')).filter(
      (line) => line.ip !== 'none',
    );
    if (memories.length > 0 && memories.every((line) => /^mmc\d$/.test(line.ip))) names.push(name);
  }
  return names;
}

const fixtures = await sdOrEmmcFixtures();

let dir = '';
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => {
  await removeTempDir(dir);
});

interface VerifyRun {
  readonly code: number;
  readonly events: ProgramEvent[];
  readonly result: ResultEvent;
  /** Partition ids U-Boot writes (selected, on a memory, not the boot chain loaded by ROM/TF-A alone). */
  readonly written: number[];
}

async function programWithVerify(fixture: string, name: string, extra: string[] = []): Promise<VerifyRun> {
  const soc = socOfFixture(fixture);
  const work = path.join(dir, name);
  const staged = await stageLayout(fixture, work, soc);
  const io = fakeCliIo({ cwd: work });
  const args = ['program', staged.layoutPath, '--json', '--verify', '--sim', '--sim-soc', soc];
  const code = await runCli(
    [...args, '--sim-speed', 'fast', '--sim-storage', path.join(work, 'board'), ...extra],
    io,
  );
  const events = io
    .out()
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as ProgramEvent);
  const result = events.at(-1) as ResultEvent;
  const written = staged.lines
    .filter((line) => line.ip !== 'none' && /P/.test(line.option) && !/E/.test(line.option))
    .map((line) => line.id);
  return { code, events, result, written };
}

const byNumber = (a: number, b: number): number => a - b;

const verifiedIds = (events: readonly ProgramEvent[]): number[] =>
  events.flatMap((event) =>
    event.type === 'partition-progress' && event.step === 'verify' && event.done ? [event.partitionId] : [],
  );

describe.concurrent('program --verify on a fast virtual board', () => {
  it('covers SD and eMMC fixtures of all three SoCs', () => {
    expect(new Set(fixtures.map(socOfFixture))).toEqual(new Set(['mp13', 'mp15', 'mp25']));
  });

  it.each(fixtures)('%s: every written partition is read back and equal', async (fixture) => {
    const run = await programWithVerify(fixture, fixture.replace(/\.tsv$/, ''));
    expect(run.result).toMatchObject({ ok: true, code: null });
    expect(run.code).toBe(0);
    expect(run.written.length).toBeGreaterThan(0);
    expect(run.result.warnings).not.toContain('VERIFY_UNAVAILABLE');
    expect(verifiedIds(run.events).sort(byNumber)).toEqual([...new Set(run.written)].sort(byNumber));
  });

  it('a corrupted partition (corrupt=0x22) ends the run with VERIFY_MISMATCH, its name and offset', async () => {
    const fixture = 'stm32mp157c-ev1-sdcard-trusted-meta-st.tsv';
    const run = await programWithVerify(fixture, 'corrupt', ['--sim-fault', 'corrupt=0x22']);
    expect(run.code).not.toBe(0);
    expect(run.result.ok).toBe(false);
    expect(run.result.code).toBe('VERIFY_MISMATCH');
    // The staged images are 64 KiB: the board flips bytes from the middle of what it wrote.
    expect(run.result.message).toMatch(/partition 0x22 \S+ read back differs/);
    expect(run.result.message).toContain('offset 0x8000');
    expect(verifiedIds(run.events)).not.toContain(0x22);
    expect(run.result.partitions.find((partition) => partition.id === 0x23)?.status).toBe('pending');
  });
});
