import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir, repositoryRoot } from '../../engine/layout/test-support/layout-images';
import { stageFixture } from '../../virtual-board/conformance/fixture-layout';
import { imageForLine, stageLayout } from '../program/test-support/staged-fixture';
import { runInTmux } from '../program/test-support/tmux-run';

const dk1 = 'stm32mp157a-dk1-sdcard-trusted-blog.tsv';
/** What the DK1 layout sends, as the result's table lists it (the FlashLayout is a stage, not one of them). */
const partitionIds = ['0x01', '0x03', '0x04', '0x05', '0x06', '0x21', '0x22', '0x23', '0x24'];
const esc = String.fromCharCode(0x1b);
let dir = '';
let layout = '';
/** The same layout with 4 MiB images in the U-Boot partitions: a run long enough to resize the terminal in. */
let bigLayout = '';

beforeAll(async () => {
  dir = await makeTempDir();
  layout = (await stageLayout(dk1, path.join(dir, 'dk1'), 'mp15')).layoutPath;
  await mkdir(path.join(dir, 'big'));
  await stageFixture(dk1, path.join(dir, 'big'), (line) =>
    imageForLine('mp15', line, line.id >= 0x21 ? 4 << 20 : 64 << 10),
  );
  bigLayout = path.join(dir, 'big', dk1);
});
afterAll(async () => {
  await removeTempDir(dir);
});

const program = (file: string, name: string, speed = 'x5'): string =>
  `program '${file}' --sim --sim-speed ${speed} --console none --sim-storage '${path.join(dir, name)}'`;

/**
 * What a successful run's final screen may hold, line by line (wrapped rows joined): anything else is a fragment
 * of a line that was redrawn, or a line left from the live area.
 */
const finalLines: readonly RegExp[] = [
  /^Virtual board memories: \S+$/,
  // A long line is broken into rows that fit (the rows after the first indented by two spaces).
  /^Stage [a-z-]+ \([a-z →-]+,?( \d+\.\d)?( s\))?$/,
  /^fsbl1-boot: the ROM started the FSBL/,
  /^(0x[0-9a-f]{2}) \S+ +[\d.]+ (B|KiB|MiB) +\d+\.\d s OK$/,
  /^FlashLayout sent \(591 B, \d+\.\d s\)$/,
  // `--fast auto` taking DFU says why (the virtual FIP carries no U-Boot version string).
  /^DFU, not the fast path: /,
  /^Board found again, matched by serial$/,
  /^\[#{10,24}\] Overall ([\d.]+ [KM]iB)\/\1 100%$/,
  /^Id +Name +Sent +Status$/,
  /^0x[0-9a-f]{2} {2}\S+ +[\d.]+ [KM]iB +written$/,
  /^Programmed in \d+\.\d s\.$/,
  /^Next: Set the boot switches/,
  /^ {2}\S/,
  /^EXIT=0$/,
];

/** The final screen of a run: every line a known one, one line per finished partition, the overall line once. */
function expectCleanFinalScreen(screen: readonly string[]): void {
  for (const line of screen)
    expect(
      finalLines.some((pattern) => pattern.test(line)),
      `unexpected line: ${JSON.stringify(line)}`,
    ).toBe(true);
  const finished = screen.flatMap(
    (line) => /^(0x[0-9a-f]{2}) \S+ +[\d.]+ \S+ +\d+\.\d s OK$/.exec(line)?.[1] ?? [],
  );
  expect(finished).toEqual(partitionIds);
  expect(screen.filter((line) => line.includes('] Overall '))).toHaveLength(1);
  expect(screen).toContain('EXIT=0');
}

describe.each([60, 80, 160])('program on a %i-column terminal', (columns) => {
  it('one line per finished partition and the overall line; no line wider than the terminal, no fragment', async () => {
    const { screen } = await runInTmux({ columns, args: program(layout, `board-${columns}`) }, dir);
    for (const line of screen) expect([...line].length, line).toBeLessThanOrEqual(columns);
    expectCleanFinalScreen(screen);
  }, 90_000);
});

describe('program on a terminal resized while it runs', () => {
  // Narrowed while the re-enumeration countdown (redrawn once a second) and the overall bar are shown: the terminal
  // re-wraps them, and the next redraw must find and erase every row. (A redraw in the instant between the resize and
  // the process hearing of it, SIGWINCH, would draw at the old width: that is why not during the bars' rapid redraws.)
  // Widened while a bar is in flight: the lines grow to the new width.
  it('80 columns, 60 during the countdown, 120 during a bar: no stale line or fragment', async () => {
    let step = 0;
    const { screen } = await runInTmux(
      {
        columns: 80,
        args: program(bigLayout, 'board-resized', 'x2'),
        resizeWhen: (now) => {
          if (step === 0 && /^Waiting for the board to come back as /m.test(now)) return ((step = 1), 60);
          if (step === 1 && /\] 0x2[1-4] [a-z]+ /.test(now)) return ((step = 2), 120);
          return null;
        },
      },
      dir,
    );
    expect(step, 'both resizes happened').toBe(2);
    expectCleanFinalScreen(screen);
    for (const line of screen) expect([...line].length, line).toBeLessThanOrEqual(120);
    // Measured at 120 columns: the hint fits on one line.
    expect(screen).toContainEqual(expect.stringMatching(/^Next: .+, then reset the board\.$/));
  }, 90_000);
});

describe('output without escape sequences', () => {
  it('NO_COLOR=1 on a terminal writes not one ESC byte (a coloured run does)', async () => {
    const plain = await runInTmux(
      { columns: 80, args: program(layout, 'board-nc'), env: ['NO_COLOR=1'] },
      dir,
    );
    expect(plain.screen).toContain('EXIT=0');
    expect(plain.raw).toMatch(/Sent 0x23 rootfs: 64\.00 KiB/);
    expect(plain.raw).not.toContain(esc);
    const coloured = await runInTmux({ columns: 80, args: program(layout, 'board-c') }, dir);
    expect(coloured.raw).toContain(`${esc}[32m`);
  }, 90_000);

  it('output that is not a terminal (a pipe) writes not one ESC byte, one line per finished partition', () => {
    const args = ['program', layout, '--sim', '--sim-speed', 'x5', '--console', 'none'];
    const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm' };
    delete env.NO_COLOR;
    const out = execFileSync(
      process.execPath,
      [
        path.join(repositoryRoot, 'bin', 'stm32mp-flasher.js'),
        ...args,
        '--sim-storage',
        path.join(dir, 'pipe'),
      ],
      { encoding: 'utf8', env },
    );
    expect(out).not.toContain(esc);
    expect(out).not.toContain('\r');
    const sent = out.split('\n').flatMap((line) => / Sent (0x[0-9a-f]{2}) /.exec(line)?.[1] ?? []);
    expect(sent.filter((id) => id !== '0x00')).toEqual(partitionIds);
  }, 90_000);
});
