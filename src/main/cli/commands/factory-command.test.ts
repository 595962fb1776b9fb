import { spawn } from 'node:child_process';
import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgramSummary } from '../../../shared/program-events';
import { makeTempDir, removeTempDir, repositoryRoot } from '../../engine/layout/test-support/layout-images';
import { createRecipe } from '../../engine/recipe/create-recipe';
import { readStationLog } from '../../engine/station/read-station-log';
import { runCli } from '../cli-program';
import { fakeCliIo } from '../fake-cli-io';
import { stageLayout } from '../program/test-support/staged-fixture';

const dk1 = 'stm32mp157a-dk1-sdcard-trusted-blog.tsv';
let dir = '';

beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => {
  await removeTempDir(dir);
});

/** A DK1 recipe in its own folder, with a short come-back deadline; answers its path. */
async function recipeIn(name: string): Promise<{ recipe: string; folder: string }> {
  const folder = path.join(dir, name);
  const { layoutPath } = await stageLayout(dk1, path.join(folder, 'layout'), 'mp15');
  const recipe = path.join(folder, 'station.yaml');
  const created = await createRecipe(layoutPath, { output: recipe, name: 'Line 3' });
  if (!created.ok) throw new Error(JSON.stringify(created.issues));
  const text = await readFile(recipe, 'utf8');
  await writeFile(
    recipe,
    text.replace(/^autoProgram: false$/m, 'autoProgram: false\ndeadlines: { reconnectMs: 1000 }'),
  );
  return { recipe, folder };
}

async function logOf(folder: string): Promise<string> {
  const names = await readdir(path.join(folder, 'station-log'));
  return path.join(folder, 'station-log', names.find((name) => name.endsWith('.jsonl')) ?? 'none');
}

describe('factory <recipe>', () => {
  it('--once --json --sim=4 --sim-fault 3:no-return: exit 1, a summary, four records in the station log', async () => {
    const { recipe, folder } = await recipeIn('once');
    const io = fakeCliIo({ cwd: folder });
    const args = [
      'factory',
      recipe,
      '--once',
      '--json',
      '--sim=4',
      '--sim-fault',
      '3:no-return',
      '--sim-speed',
      'fast',
    ];
    expect(await runCli(args, io)).toBe(1);
    const lines = io.out().trim().split('\n');
    const summary = JSON.parse(lines.at(-1) ?? '{}') as ProgramSummary;
    expect(summary).toMatchObject({ type: 'summary', passed: 3, failed: 1 });
    expect(summary.boards.find((board) => !board.ok)).toMatchObject({
      slot: '1-3',
      code: 'DEVICE_NEVER_RETURNED',
    });
    const log = await readStationLog(await logOf(folder));
    expect(log.skipped).toEqual([]);
    expect(log.records.map((record) => [record.port, record.result]).sort()).toEqual([
      ['1-1', 'PASS'],
      ['1-2', 'PASS'],
      ['1-3', 'FAIL'],
      ['1-4', 'PASS'],
    ]);
    expect(log.records.every((record) => record.recipeId !== null && record.layoutSha256 !== null)).toBe(
      true,
    );
    // A report per board beside the log; the failed one carries its hints and console lines.
    const reports = await readdir(path.join(folder, 'station-log', 'reports'));
    expect(reports).toHaveLength(4);
    const failed = reports.find((name) => name.includes('-Slot_3-') || name.includes('-1-3-'));
    const report = JSON.parse(
      await readFile(path.join(folder, 'station-log', 'reports', failed ?? 'missing'), 'utf8'),
    ) as { record: { result: string }; hints: string[]; consoleLines: string[] };
    expect(report.record.result).toBe('FAIL');
    expect(report.hints.length).toBeGreaterThan(0);
    expect(report.consoleLines).toContain('DFU alt info setting: done');
  }, 60_000);

  it('refuses to run when an image changed since the recipe was made, naming the file (exit 2, nothing sent)', async () => {
    const { recipe, folder } = await recipeIn('changed');
    await appendFile(path.join(folder, 'layout', 'st-image-userfs-openstlinux-weston-stm32mp1.ext4'), 'x');
    const io = fakeCliIo({ cwd: folder });
    expect(await runCli(['factory', recipe, '--once', '--sim=2', '--sim-speed', 'fast'], io)).toBe(2);
    expect(io.err()).toMatch(/RECIPE_FILE_CHANGED.*st-image-userfs-openstlinux-weston-stm32mp1\.ext4/);
  }, 60_000);

  it('factory teach --slots 3 --sim=3 writes three slots into the recipe, keeping its comments', async () => {
    const { recipe, folder } = await recipeIn('teach');
    const io = fakeCliIo({ cwd: folder });
    expect(
      await runCli(['factory', 'teach', recipe, '--slots', '3', '--sim=3', '--sim-speed', 'fast'], io),
    ).toBe(0);
    const text = await readFile(recipe, 'utf8');
    expect(text).toMatch(
      /slots:\n {2}- name: Slot 1\n {4}port: 1-1\n {2}- name: Slot 2\n {4}port: 1-2\n {2}- name: Slot 3\n {4}port: 1-3\n/,
    );
    expect(text).toMatch(/^# STM32MP Flasher station recipe/);
  }, 60_000);

  it('SIGKILL mid-run: every record in the station log parses, and no PASS for a board whose run did not end', async () => {
    const { recipe, folder } = await recipeIn('killed');
    const launcher = path.join(repositoryRoot, 'bin', 'stm32mp-flasher.js');
    const child = spawn(
      process.execPath,
      [launcher, 'factory', recipe, '--json', '--sim=4', '--sim-speed', 'x10'],
      {
        cwd: folder,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    const passedBoards = new Set<string>();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no result in 40 s:\n${output}`)), 40_000);
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        for (const line of output.split('\n').filter((text) => text.includes('"type":"result"'))) {
          const event = JSON.parse(line) as { ok: boolean; board: { id: string } };
          if (event.ok) passedBoards.add(event.board.id);
        }
        if (passedBoards.size >= 1) {
          clearTimeout(timer);
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((resolve) => child.once('exit', resolve));
    const log = await readStationLog(await logOf(folder));
    expect(log.skipped.length).toBeLessThanOrEqual(1);
    const passed = log.records.filter((record) => record.result === 'PASS').map((record) => record.boardId);
    for (const boardId of passed) expect(passedBoards.has(boardId), boardId).toBe(true);
    expect(log.records.length).toBeLessThan(4);
  }, 60_000);

  it('Ctrl+C while boards run: each run is cancelled and recorded, the summary printed, exit 130', async () => {
    const { recipe, folder } = await recipeIn('interrupted');
    const launcher = path.join(repositoryRoot, 'bin', 'stm32mp-flasher.js');
    const child = spawn(
      process.execPath,
      [launcher, 'factory', recipe, '--json', '--sim=2', '--sim-speed', 'x2'],
      {
        cwd: folder,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    let interrupted = false;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      // One Ctrl+C: a second one exits at once, without waiting for the runs (as a person pressing twice wants).
      if (interrupted || !output.includes('"type":"partition-progress"')) return;
      interrupted = true;
      child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(130);
    const summary = JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as ProgramSummary;
    expect(summary).toMatchObject({ type: 'summary', passed: 0, failed: 2 });
    const log = await readStationLog(await logOf(folder));
    expect(log.records.map((record) => [record.result, record.code])).toEqual([
      ['FAIL', 'CANCELLED'],
      ['FAIL', 'CANCELLED'],
    ]);
  }, 60_000);
});
