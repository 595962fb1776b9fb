import { EventEmitter } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openAppLog } from './app-log';
import { appLogFileName } from './log-dir';
import { catchUncaughtErrors, type ErrorEvents } from './uncaught-errors';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'uncaught-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const events = (): EventEmitter & ErrorEvents => new EventEmitter();

describe('catchUncaughtErrors', () => {
  it('logs every uncaught error and unhandled rejection, and shows only the first', async () => {
    const log = openAppLog(folder);
    const show = vi.fn();
    const process = events();
    catchUncaughtErrors(process, { log, show });
    process.emit('uncaughtException', new Error('the USB callback broke'));
    process.emit('unhandledRejection', 'a promise nobody awaited');
    await log.flush();
    expect(show).toHaveBeenCalledTimes(1);
    const [title, detail] = show.mock.calls[0] as [string, string];
    expect(title).toBe('Something failed inside the application.');
    expect(detail).toMatch(/Error: the USB callback broke/);
    expect(detail).toContain(folder);
    const lines = (await readFile(path.join(folder, appLogFileName), 'utf8')).trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line) as { level: string; event: string; error: string })).toEqual([
      expect.objectContaining({
        level: 'error',
        event: 'uncaught-exception',
        error: expect.stringMatching(/USB callback/),
      }),
      expect.objectContaining({
        level: 'error',
        event: 'unhandled-rejection',
        error: 'a promise nobody awaited',
      }),
    ]);
  });

  it('keeps the error in the log when showing it fails, and stops listening once uninstalled', async () => {
    const log = openAppLog(folder);
    const process = events();
    const uninstall = catchUncaughtErrors(process, {
      log,
      show: () => {
        throw new Error('no display');
      },
    });
    expect(() => process.emit('uncaughtException', new Error('first'))).not.toThrow();
    uninstall();
    expect(process.listenerCount('uncaughtException')).toBe(0);
    expect(process.listenerCount('unhandledRejection')).toBe(0);
    await log.flush();
    expect(await readFile(path.join(folder, appLogFileName), 'utf8')).toMatch(/"event":"uncaught-exception"/);
  });
});
