import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir, repositoryRoot } from '../../engine/layout/test-support/layout-images';
import { stageLayout } from '../program/test-support/staged-fixture';

const dk1 = 'stm32mp157a-dk1-sdcard-trusted-blog.tsv';
const launcher = path.join(repositoryRoot, 'bin', 'stm32mp-flasher.js');
let dir = '';
let layout = '';

beforeAll(async () => {
  dir = await makeTempDir();
  layout = (await stageLayout(dk1, path.join(dir, 'dk1'), 'mp15')).layoutPath;
});
afterAll(async () => {
  await removeTempDir(dir);
});

const tmux = (...args: string[]): string => execFileSync('tmux', args, { encoding: 'utf8' });
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `program` in a real terminal (tmux) of `columns` columns; answers its final screen, wrapped rows joined. */
async function finalScreen(columns: number): Promise<string[]> {
  const session = `stm32mp-${process.pid}-${columns}`;
  const command = [
    'env -u NO_COLOR TERM=xterm',
    `'${process.execPath}' '${launcher}' program '${layout}' --sim --sim-speed x5 --console none`,
    `--sim-storage '${path.join(dir, `board-${columns}`)}'; echo "EXIT=$?"; sleep 60`,
  ].join(' ');
  tmux('new-session', '-d', '-s', session, '-x', String(columns), '-y', '60', command);
  try {
    for (let waited = 0; waited < 60_000; waited += 250) {
      const screen = tmux('capture-pane', '-p', '-J', '-t', session);
      if (/^EXIT=\d+$/m.test(screen)) return screen.split('\n').filter((line) => line.trim() !== '');
      await sleep(250);
    }
    throw new Error(`no end in 60 s:\n${tmux('capture-pane', '-p', '-t', session)}`);
  } finally {
    tmux('kill-session', '-t', session);
  }
}

describe.each([60, 80, 160])('program on a %i-column terminal', (columns) => {
  it('no line wider than the terminal, no stale bar left behind, and the run ends in success', async () => {
    const screen = await finalScreen(columns);
    expect(screen).toContain('EXIT=0');
    for (const line of screen) expect([...line].length, line).toBeLessThanOrEqual(columns);
    // Each finished partition keeps its full bar; a bar that is not full is a fragment of a rewritten line.
    const bars = screen.filter((line) => /^\[[#.]+\]/.test(line));
    expect(bars.length).toBeGreaterThan(0);
    for (const line of bars) expect(line, line).toMatch(/^\[#+\] /);
    expect(screen.some((line) => /^Programmed in \d+\.\d s\.$/.test(line))).toBe(true);
  }, 90_000);
});
