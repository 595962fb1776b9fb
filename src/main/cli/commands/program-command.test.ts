import { open, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgramEvent, ResultEvent } from '../../../shared/program-events';
import { programEventSchema } from '../../../shared/program-events';
import { makeTempDir, removeTempDir } from '../../engine/layout/test-support/layout-images';
import { boardProfiles, boardSerial } from '../../virtual-board/board/board-profile';
import { runCli } from '../cli-program';
import { exitCodes } from '../exit-codes';
import { fakeCliIo } from '../fake-cli-io';
import { stageLayout } from '../program/test-support/staged-fixture';
import { FakeTerminal } from '../views/test-support/fake-terminal';

const dk1 = 'stm32mp157a-dk1-sdcard-trusted-blog.tsv';
const mp13 = 'stm32mp135d-atk-sdcard-optee-doubled-tabs.tsv';
const fast = ['--sim-speed', 'fast'];

let dir = '';
let layout = '';
let mp13Layout = '';

beforeAll(async () => {
  dir = await makeTempDir();
  layout = (await stageLayout(dk1, path.join(dir, 'dk1'), 'mp15')).layoutPath;
  mp13Layout = (await stageLayout(mp13, path.join(dir, 'mp13'), 'mp13')).layoutPath;
});
afterAll(async () => {
  await removeTempDir(dir);
});

async function cli(args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  const io = fakeCliIo({ cwd: dir });
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

/** The session's events of a `--json` run (console lines left out). */
function jsonLines(out: string): ProgramEvent[] {
  return out
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { type: string })
    .filter((event) => event.type !== 'console')
    .map((event) => programEventSchema.parse(event));
}

const storage = (name: string): string[] => ['--sim-storage', path.join(dir, name)];

describe.concurrent('program, as scripts and pipelines use it', () => {
  it('--json prints one event per line, each with a schema version, the result last', async () => {
    const { code, out } = await cli(['program', layout, '--json', '--sim', ...fast, ...storage('json')]);
    expect(code).toBe(exitCodes.success);
    const raw = out.trim().split('\n');
    const events = raw.map(
      (line) => JSON.parse(line) as { schemaVersion: number; type: string; stage?: string },
    );
    expect(events.every((event) => event.schemaVersion === 1)).toBe(true);
    const sessionEvents = events.filter((event) => event.type !== 'console');
    expect(sessionEvents.every((event) => programEventSchema.safeParse(event).success)).toBe(true);
    expect(events.some((event) => event.type === 'console')).toBe(true);
    expect(events.at(-1)?.type).toBe('result');
    const stages = events.filter((event) => event.type === 'stage').map((event) => event.stage);
    expect(stages).toEqual(['rom', 'tfa', 'uboot-partitions', 'done']);
  });

  it('writes plain timestamped lines, no escape codes, when stdout is not a terminal', async () => {
    const { code, out } = await cli(['program', layout, '--sim', ...fast, ...storage('plain')]);
    expect(code).toBe(exitCodes.success);
    expect(out).toMatch(/^2026-01-02T03:04:05\.678Z Stage rom/m);
    expect(out).toMatch(/^2026-01-02T03:04:05\.678Z Sent 0x23 rootfs: 64\.00 KiB/m);
    expect(out).toMatch(/^Programmed in \d+\.\d s\.$/m);
    expect(out).toMatch(/^Next: Set the boot switches to boot from the SD card/m);
    expect(out).not.toContain('\r');
    expect(out).not.toContain(String.fromCharCode(0x1b));
  });

  it('NO_COLOR on a terminal: plain lines, not one escape sequence', async () => {
    const io = fakeCliIo({ cwd: dir, isTTY: true, env: { NO_COLOR: '1' } });
    expect(await runCli(['program', layout, '--sim', ...fast, ...storage('no-color')], io)).toBe(
      exitCodes.success,
    );
    expect(io.out()).not.toContain(String.fromCharCode(0x1b));
    expect(io.out()).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z Sent 0x23 rootfs: 64\.00 KiB/m);
  });

  it('colour on a terminal (OK green); --no-color and NO_COLOR print none', async () => {
    const io = fakeCliIo({ cwd: dir, isTTY: true });
    expect(await runCli(['program', layout, '--sim', ...fast, ...storage('colour')], io)).toBe(
      exitCodes.success,
    );
    expect(io.out()).toMatch(new RegExp(`${String.fromCharCode(0x1b)}\\[32mProgrammed in [\\d.]+ s\\.`));
    const plain = fakeCliIo({ cwd: dir, isTTY: true });
    const args = ['program', layout, '--no-color', '--sim', ...fast, ...storage('no-colour')];
    expect(await runCli(args, plain)).toBe(exitCodes.success);
    expect(plain.out()).not.toContain(String.fromCharCode(0x1b));
  });

  it('on a terminal draws a bar per partition in flight, then one line per finished partition', async () => {
    const io = fakeCliIo({ cwd: dir, isTTY: true });
    expect(await runCli(['program', layout, '--sim', ...fast, ...storage('tty')], io)).toBe(
      exitCodes.success,
    );
    const inFlight = `${String.fromCharCode(0x1b)}\\[2K\\[[#.]{24}\\] 0x23 rootfs [\\d.]+ K?i?B/64\\.00 KiB`;
    expect(io.out()).toMatch(new RegExp(inFlight));
    const terminal = new FakeTerminal(80);
    terminal.write(io.out());
    const screen = terminal.screen();
    expect(screen).toContainEqual(expect.stringMatching(/^0x23 rootfs +64\.00 KiB +\d+\.\d s OK$/));
    expect(screen.filter((line) => line.startsWith('['))).toEqual([
      `[${'#'.repeat(24)}] Overall 576.00 KiB/576.00 KiB 100%`,
    ]);
    expect(screen).toContainEqual(
      expect.stringMatching(/^Stage uboot-partitions \(rom → tfa → uboot-partitions, /),
    );
  });

  it('--timeout ends a run that takes longer with RUN_TIMEOUT, exit 1', async () => {
    const args = ['program', layout, '--json', '--timeout', '0.3', '--sim', '--sim-speed', 'realistic'];
    const { code, out } = await cli([...args, ...storage('timeout')]);
    expect(code).toBe(exitCodes.failed);
    expect(jsonLines(out).at(-1)).toMatchObject({ type: 'result', ok: false, code: 'RUN_TIMEOUT' });
  });

  it('--console none shows no console; a console that cannot be opened is a warning and the run goes on', async () => {
    const none = await cli([
      'program',
      layout,
      '--json',
      '--console',
      'none',
      '--sim',
      ...fast,
      ...storage('c1'),
    ]);
    expect(none.code).toBe(exitCodes.success);
    expect(none.out).not.toContain('"type":"console"');
    const missing = ['program', layout, '--console', '/dev/no-such-port', '--sim', ...fast, ...storage('c2')];
    const { code, out } = await cli(missing);
    expect(code).toBe(exitCodes.success);
    expect(out).toMatch(/Warning CONSOLE_UNAVAILABLE: cannot open \/dev\/no-such-port/);
    expect(out).toMatch(/^Warnings: CONSOLE_UNAVAILABLE$/m);
  });

  it('the CubeProgrammer form maps to options program honours, and ends with its own success line', async () => {
    // The whole CubeProgrammer command line, through runCli's rewrite, with this tool's --sim options after it.
    const cubeProgrammer = ['-c', 'port=USB1', '-w', layout, '-tm', '20000', '-vb', '1', '-q'];
    const { code, out } = await cli([...cubeProgrammer, '--sim', ...fast, ...storage('cube')]);
    expect(code).toBe(exitCodes.success);
    expect(out.trimEnd().split('\n').at(-1)).toBe('Flashing service completed successfully');
  });

  it('the CubeProgrammer form -c port=usb1 sn=<serial> programs the board with that serial', async () => {
    // Two virtual boards: usb1 alone would pick the first; the serial names the second.
    const second = boardSerial(boardProfiles.mp15, 1);
    const cubeProgrammer = ['-c', 'port=usb1', `sn=${second}`, '-w', layout];
    const { code, out } = await cli([...cubeProgrammer, '--sim=2', ...fast, ...storage('cube-sn')]);
    expect(code).toBe(exitCodes.success);
    expect(out.trimEnd().split('\n').at(-1)).toBe('Flashing service completed successfully');
    const written = async (board: string): Promise<string[]> =>
      readdir(path.join(dir, 'cube-sn', board)).catch(() => []);
    expect(await written('board-1')).toEqual([]);
    expect(await written('board-2')).toEqual(['mmc0.img']);
  });

  it('the CubeProgrammer form with no board exits 3 and ends with its own failure line', async () => {
    const { code, out } = await cli(['-c', 'port=usb1', '-w', layout]);
    expect(code).toBe(exitCodes.noBoard);
    expect(out.trimEnd().split('\n').at(-1)).toBe('Error: TSV flashing service failed');
  });

  it('the CubeProgrammer form refuses an option it cannot honour, exit 2', async () => {
    const { code, err } = await cli(['-c', 'port=usb1', '-w', layout, '-e', 'all']);
    expect(code).toBe(exitCodes.cannotStart);
    expect(err).toMatch(/-e: this STM32CubeProgrammer option is not supported/);
  });

  it('--cubeprogrammer-output ends a failed run with "Error: TSV flashing service failed", exit 1', async () => {
    const args = [
      'program',
      layout,
      '--sim',
      ...fast,
      '--sim-fault',
      'stall=0x22:5',
      '--cubeprogrammer-output',
    ];
    const { code, out } = await cli(args);
    expect(code).toBe(exitCodes.failed);
    expect(out.trimEnd().split('\n').at(-1)).toBe('Error: TSV flashing service failed');
  });

  it('--wait-for-device 1 with no board exits 3 after a second, with a result', async () => {
    const started = performance.now();
    const { code, out } = await cli(['program', layout, '--wait-for-device', '1', '--json']);
    expect(code).toBe(exitCodes.noBoard);
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    expect(jsonLines(out).at(-1)).toMatchObject({ type: 'result', ok: false, code: 'DEVICE_NOT_FOUND' });
  });

  it('--wait-for-device shows its countdown while no board is there (in place on a terminal)', async () => {
    const plain = await cli(['program', layout, '--wait-for-device', '1']);
    expect(plain.code).toBe(exitCodes.noBoard);
    expect(plain.out).toMatch(/Z Waiting for a board in USB boot \(0483:df11\): 1 s left$/m);
    const io = fakeCliIo({ cwd: dir, isTTY: true });
    expect(await runCli(['program', layout, '--wait-for-device', '1'], io)).toBe(exitCodes.noBoard);
    expect(io.out()).toContain(
      `\r${String.fromCharCode(0x1b)}[2KWaiting for a board in USB boot (0483:df11): 1 s left`,
    );
  });

  it('--log is written on a failure: requests, events and the console', async () => {
    const log = path.join(dir, 'failure.log');
    const args = ['program', layout, '--sim', ...fast, '--sim-fault', 'bad-status=0x22', '--log', log];
    const { code } = await cli(args);
    expect(code).toBe(exitCodes.failed);
    const text = await readFile(log, 'utf8');
    expect(text).toMatch(/OUT 0x21 req 1 val 0x0000 idx 0 len 4096 -> 4096 bytes/);
    expect(text).toMatch(/console virtual-1 \| Error: DFU write error/);
    expect(text).toMatch(/"type":"result".*"code":"DEVICE_ERROR_STATUS"/);
  });

  it('--write-timeout is the timeout of the requests during which the board writes (default 300 s)', async () => {
    const custom = path.join(dir, 'write-timeout.log');
    const given = ['--write-timeout', '123456', '--log', custom];
    expect((await cli(['program', layout, '--sim', ...fast, ...storage('wt1'), ...given])).code).toBe(0);
    const text = await readFile(custom, 'utf8');
    // A block's DNLOAD and the GETSTATUS after it get the write deadline; other requests the request timeout.
    expect(text).toMatch(
      /OUT 0x21 req 1 val 0x0000 idx 0 len 4096 -> 4096 bytes \([\d.]+ ms, timeout 123456 ms\)/,
    );
    expect(text).toMatch(/IN 0xa1 req 3 .* len 6 -> .*timeout 123456 ms\)/);
    expect(text).toMatch(/IN 0xa1 req 2 .*timeout 5000 ms\)/);
    const defaults = path.join(dir, 'write-timeout-default.log');
    const args = ['program', layout, '--sim', ...fast, ...storage('wt2'), '--log', defaults];
    expect((await cli(args)).code).toBe(0);
    expect(await readFile(defaults, 'utf8')).toMatch(
      /len 4096 -> 4096 bytes \([\d.]+ ms, timeout 300000 ms\)/,
    );
  });

  it('--only reflashes one partition of a board programmed before, with PARTIAL_UPDATE', async () => {
    expect((await cli(['program', layout, '--sim', ...fast, ...storage('only')])).code).toBe(0);
    const { code, out } = await cli([
      'program',
      layout,
      '--json',
      '--only',
      '0x21',
      '--sim',
      ...fast,
      ...storage('only'),
    ]);
    expect(code).toBe(exitCodes.success);
    const result = jsonLines(out).at(-1) as ResultEvent;
    expect(result.warnings).toEqual(['PARTIAL_UPDATE']);
    const written = result.partitions.filter((partition) => partition.status === 'written').map((p) => p.id);
    expect(written).toEqual([0x01, 0x03, 0x21]);
  });

  it('--only with an id the layout does not have, or with --skip, is a usage error (exit 2)', async () => {
    const unknown = await cli(['program', layout, '--only', '0x99', '--sim', ...fast]);
    expect(unknown.code).toBe(exitCodes.cannotStart);
    expect(unknown.err).toMatch(/--only 0x99: the layout has no partition with id 0x99/);
    const both = await cli(['program', layout, '--only', '0x21', '--skip', '0x22', '--sim', ...fast]);
    expect(both.code).toBe(exitCodes.cannotStart);
  });

  it('an MP13 layout on an MP15 board is LAYOUT_SOC_MISMATCH, exit 2, nothing sent', async () => {
    const { code, out } = await cli(['program', mp13Layout, '--json', '--sim', ...fast]);
    expect(code).toBe(exitCodes.cannotStart);
    const events = jsonLines(out);
    expect(events.at(-1)).toMatchObject({ type: 'result', ok: false, code: 'LAYOUT_SOC_MISMATCH' });
    expect(events.some((event) => event.type === 'partition-progress')).toBe(false);
  });

  it('a layout with errors exits 2 before any board is looked for', async () => {
    const bad = path.join(dir, 'dk1', 'bad.tsv');
    await writeFile(bad, (await readFile(layout, 'utf8')).replace('0x00284400', '0x00084400'));
    const { code, out, err } = await cli(['program', bad, '--json', '--sim', ...fast]);
    expect(code).toBe(exitCodes.cannotStart);
    expect(err).toMatch(/error DUPLICATE_OFFSET/);
    expect(err).toMatch(/nothing was sent to a board/);
    expect(out).toBe('');
  });

  it('--device naming no board present exits 3 and lists the boards that are there, as --device names them', async () => {
    const missing = await cli([
      'program',
      layout,
      '--device',
      'usb9',
      '--sim=2',
      ...fast,
      ...storage('usb9'),
    ]);
    expect(missing.code).toBe(exitCodes.noBoard);
    expect(missing.out).toMatch(
      /No board matches --device usb9 was found\. Boards present: usb1 \(port 1-1, serial \w+\), usb2 \(port 1-2, serial \w+\)\./,
    );
  });

  it('--only on a blank memory: the first hint says to program the full layout once (no partition table yet)', async () => {
    const blank = await cli([
      'program',
      layout,
      '--only',
      '0x21',
      '--json',
      '--sim',
      ...fast,
      ...storage('blank'),
    ]);
    expect(blank.code).toBe(exitCodes.failed);
    const result = jsonLines(blank.out).at(-1) as ResultEvent;
    expect(result.code).toBe('DEVICE_ERROR_STATUS');
    expect(result.hints[0]).toMatch(/no partition table.*Program the full layout once/);
  });

  it('a failure before anything was sent says so, with no empty partition table', async () => {
    const soc = await cli(['program', mp13Layout, '--sim', ...fast, ...storage('nothing-sent')]);
    expect(soc.code).toBe(exitCodes.cannotStart);
    expect(soc.out).toMatch(/^Nothing was sent to the board\.$/m);
    expect(soc.out).not.toMatch(/^Id\s+Name\s+Sent\s+Status$/m);
  });

  it('several boards need --device (exit 2); --device usb2 programs the second', async () => {
    const several = await cli(['program', layout, '--sim=2', ...fast, ...storage('two-a')]);
    expect(several.code).toBe(exitCodes.cannotStart);
    expect(several.out).toMatch(/2 boards are present .*--device/);
    const second = await cli([
      'program',
      layout,
      '--json',
      '--device',
      'usb2',
      '--sim=2',
      ...fast,
      ...storage('two-b'),
    ]);
    expect(second.code).toBe(exitCodes.success);
    const magicAt = async (board: string): Promise<string> => {
      const file = await open(path.join(dir, 'two-b', board, 'mmc0.img')).catch(() => null);
      const bytes = Buffer.alloc(4);
      await file?.read(bytes, 0, 4, 0x4400);
      await file?.close();
      return bytes.toString('latin1');
    };
    expect(await magicAt('board-2')).toBe('STM2');
    expect(await magicAt('board-1')).not.toBe('STM2');
  });
});
