import { spawn } from 'node:child_process';
import { closeSync, existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultEvent } from '../../../shared/program-events';
import { makeTempDir, removeTempDir, repositoryRoot } from '../../engine/layout/test-support/layout-images';
import { runCli } from '../cli-program';
import { exitCodes } from '../exit-codes';
import { fakeCliIo } from '../fake-cli-io';
import { RunLog } from './run-log';
import { stageLayout } from './test-support/staged-fixture';

const dk1 = 'stm32mp157a-dk1-sdcard-trusted-blog.tsv';
let dir = '';
let layout = '';

beforeAll(async () => {
  dir = await makeTempDir();
  layout = (await stageLayout(dk1, path.join(dir, 'dk1'), 'mp15')).layoutPath;
});
afterAll(async () => {
  await removeTempDir(dir);
});

/** A log stream whose writes succeed `okWrites` times, then fail as a full disk does. */
function fillingDisk(okWrites: number): { factory: (fd: number) => Writable; lines: string[] } {
  const lines: string[] = [];
  const factory = (fd: number): Writable => {
    closeSync(fd);
    return new Writable({
      write(chunk: Buffer, _encoding, callback) {
        if (lines.length >= okWrites)
          callback(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
        else {
          lines.push(chunk.toString());
          callback();
        }
      },
    });
  };
  return { factory, lines };
}

const sim = (storage: string): string[] => [
  '--sim',
  '--sim-speed',
  'fast',
  '--sim-storage',
  path.join(dir, storage),
];

describe('program --log', () => {
  it.each([
    ['a missing folder', 'no-such-folder/run.log', /its folder does not exist/],
    ['a folder', '.', /this is a folder/],
  ])('that is %s is a usage error: exit 2 before any board is touched', async (_what, log, message) => {
    const io = fakeCliIo({ cwd: dir });
    const storage = `never-${log.length}`;
    expect(await runCli(['program', layout, '--log', log, '--json', ...sim(storage)], io)).toBe(
      exitCodes.cannotStart,
    );
    const lines = io.err().trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(lines[0]).toContain(`--log ${log}`);
    expect(io.out()).toBe('');
    // The simulation never started: its storage folder was never made.
    expect(existsSync(path.join(dir, storage))).toBe(false);
  });

  it.runIf(process.platform !== 'win32')(
    'that is a FIFO is refused without waiting for a reader',
    async () => {
      const fifo = path.join(dir, 'log.fifo');
      await new Promise<void>((resolve, reject) =>
        spawn('mkfifo', [fifo]).on('close', (code) => (code === 0 ? resolve() : reject(new Error('mkfifo')))),
      );
      const io = fakeCliIo({ cwd: dir });
      expect(await runCli(['program', layout, '--log', fifo, ...sim('never-fifo')], io)).toBe(
        exitCodes.cannotStart,
      );
      expect(io.err()).toMatch(/this is a FIFO/);
    },
    10_000,
  );

  it('that fills up mid-run (injected ENOSPC) warns in the result, and the run goes on to its end', async () => {
    const disk = fillingDisk(40);
    const io = { ...fakeCliIo({ cwd: dir }), logStream: disk.factory };
    const code = await runCli(['program', layout, '--log', 'run.log', '--json', ...sim('enospc')], io);
    const result = JSON.parse(io.out().trim().split('\n').at(-1) ?? '{}') as ResultEvent;
    expect(code).toBe(exitCodes.success);
    expect(result).toMatchObject({ type: 'result', ok: true });
    expect(result.warnings).toContain('LOG_UNWRITABLE');
    expect(io.out()).toMatch(/"type":"warning","code":"LOG_UNWRITABLE".*disk is full/);
    expect(disk.lines).toHaveLength(40);
  });

  it('RunLog: a write that fails is reported once, later writes are dropped, close never rejects', async () => {
    const disk = fillingDisk(1);
    const opened = await RunLog.open('x.log', path.join(dir, 'x.log'), disk.factory);
    if (!(opened instanceof RunLog)) throw new Error(opened.problem);
    const warnings: string[] = [];
    opened.onFailure((warning) => warnings.push(warning.code));
    opened.write('one');
    opened.write('two');
    await new Promise((resolve) => setImmediate(resolve));
    opened.write('three');
    await opened.close();
    expect(warnings).toEqual(['LOG_UNWRITABLE']);
    expect(disk.lines).toEqual(['one\n']);
    const late: string[] = [];
    opened.onFailure((warning) => late.push(warning.message));
    expect(late[0]).toMatch(/x\.log stopped being written: the disk is full/);
  });

  it('RunLog writes lines to its file', async () => {
    const opened = await RunLog.open('ok.log', path.join(dir, 'ok.log'));
    if (!(opened instanceof RunLog)) throw new Error(opened.problem);
    opened.write('first');
    opened.write('second');
    await opened.close();
    expect(await readFile(path.join(dir, 'ok.log'), 'utf8')).toBe('first\nsecond\n');
    expect(opened.failure).toBeNull();
  });

  it.runIf(existsSync('/dev/full'))(
    'on /dev/full (every write ENOSPC): the built CLI ends the run with the warning, no stack trace',
    async () => {
      await mkdir(path.join(dir, 'devfull'), { recursive: true });
      const bin = path.join(repositoryRoot, 'bin/stm32mp-flasher.js');
      const args = ['program', layout, '--log', '/dev/full', '--json', ...sim('devfull-storage')];
      const child = spawn(process.execPath, [bin, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(code).toBe(exitCodes.success);
      const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as ResultEvent;
      expect(result).toMatchObject({ type: 'result', ok: true });
      expect(result.warnings).toContain('LOG_UNWRITABLE');
    },
    30_000,
  );
});
