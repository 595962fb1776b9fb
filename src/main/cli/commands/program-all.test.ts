import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgramSummary, ResultEvent } from '../../../shared/program-events';
import { makeTempDir, removeTempDir } from '../../engine/layout/test-support/layout-images';
import { runCli } from '../cli-program';
import { fakeCliIo } from '../fake-cli-io';
import { readBackMemories } from '../program/test-support/memory-readback';
import { stageLayout } from '../program/test-support/staged-fixture';

const dk1 = 'stm32mp157a-dk1-sdcard-trusted-blog.tsv';
let dir = '';

beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => {
  await removeTempDir(dir);
});

interface Tagged {
  board?: { id: string; slot: string; serial: string | null };
  type: string;
}

describe('program --all (a station from the command line)', () => {
  it('--sim=4 --sim-fault 3:no-return: exit 1, board 3 DEVICE_NEVER_RETURNED, the others passed with their bytes', async () => {
    const staged = await stageLayout(dk1, path.join(dir, 'all'), 'mp15');
    const storage = path.join(dir, 'all-boards');
    const io = fakeCliIo({ cwd: dir });
    const code = await runCli(
      [
        ...['program', staged.layoutPath, '--all', '--json', '--sim=4', '--sim-fault', '3:no-return'],
        ...['--sim-speed', 'fast', '--sim-storage', storage, '--reconnect-timeout', '1000'],
        ...['--leave-timeout', '1000'],
      ],
      io,
    );
    expect(code).toBe(1);
    const lines = io
      .out()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Tagged);
    const summary = lines.at(-1) as unknown as ProgramSummary;
    expect(summary).toMatchObject({ type: 'summary', passed: 3, failed: 1 });
    expect(summary.boards.map((board) => [board.slot, board.ok, board.code])).toEqual([
      ['1-1', true, null],
      ['1-2', true, null],
      ['1-3', false, 'DEVICE_NEVER_RETURNED'],
      ['1-4', true, null],
    ]);
    // Every board event names its board (only the run's own notes, `log` lines, do not); each board's own
    // result is its last line.
    const untagged = lines.slice(0, -1).filter((line) => line.board === undefined);
    expect(untagged.map((line) => line.type)).toEqual(untagged.map(() => 'log'));
    expect(lines.filter((line) => line.type === 'result')).toHaveLength(4);
    for (const board of summary.boards) {
      const own = lines.filter((line) => line.board?.id === board.id);
      const last = own.at(-1) as unknown as ResultEvent & Tagged;
      expect(last.type).toBe('result');
      expect(last.ok).toBe(board.ok);
      expect(last.board).toEqual({ id: board.id, slot: board.slot, serial: board.serial });
    }
    // Each passed board's memory holds the layout, byte for byte.
    for (const number of [1, 2, 4]) {
      const readback = await readBackMemories(dk1, staged, path.join(storage, `board-${number}`));
      expect(readback.images.every((image) => image.equal)).toBe(true);
    }
  }, 60_000);

  it('text: one prefixed line stream per board and a PASS/FAIL table; --all with --device is a usage error', async () => {
    const staged = await stageLayout(dk1, path.join(dir, 'text'), 'mp15');
    const io = fakeCliIo({ cwd: dir });
    const code = await runCli(
      ['program', staged.layoutPath, '--all', '--sim=2', '--sim-speed', 'fast', '--console', 'none'],
      io,
    );
    expect(code).toBe(0);
    expect(io.out()).toMatch(/^\[1-1 \w+\] .*Stage rom/m);
    expect(io.out()).toMatch(/^\[1-2 \w+\] .*Stage rom/m);
    expect(io.out()).toMatch(/1-1 {2}\w+ {2}PASS/);
    expect(io.out()).toMatch(/2 passed, 0 failed\./);
    const both = fakeCliIo({ cwd: dir });
    expect(await runCli(['program', staged.layoutPath, '--all', '--device', 'usb1', '--sim=2'], both)).toBe(
      2,
    );
  }, 60_000);
});
