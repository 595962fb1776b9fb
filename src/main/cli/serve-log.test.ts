import { EventEmitter } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appLogFileName } from '../app-log/log-dir';
import { CliOutput } from './cli-io';
import { fakeCliIo } from './fake-cli-io';
import { serveLog } from './serve-log';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'serve-log-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe("serve's log", () => {
  it('logs its start and stop in --log-dir, and an uncaught error goes to the log and once to stderr', async () => {
    const io = fakeCliIo();
    const events = new EventEmitter();
    const log = serveLog(folder, new CliOutput(io), events);
    events.emit('unhandledRejection', new Error('a socket handler failed'));
    events.emit('uncaughtException', new Error('and then another'));
    await log.close();
    expect(io.err().match(/Something failed inside the application/g)).toHaveLength(1);
    expect(io.err()).toMatch(/a socket handler failed/);
    expect(io.err()).toContain(folder);
    expect(events.listenerCount('uncaughtException')).toBe(0);
    const text = await readFile(path.join(folder, appLogFileName), 'utf8');
    const written = text
      .trimEnd()
      .split('\n')
      .map((line) => (JSON.parse(line) as { event: string }).event);
    expect(written).toEqual(['app.start', 'unhandled-rejection', 'uncaught-exception', 'app.stop']);
  });
});
