import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAppLog } from '../app-log/app-log';
import { appLogFileName } from '../app-log/log-dir';
import { failureResult } from '../engine/session/failure-result';
import { createServices } from './create-services';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'app-log-events-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const context = { transport: 'browser-shell' as const, clientId: 'test' };

describe('the app log hears the services', () => {
  it('writes a run’s start and its end with the result code and warnings', async () => {
    const log = openAppLog(folder);
    let finish = (): void => undefined;
    const services = createServices({
      transport: 'browser-shell',
      platform: 'linux',
      cwd: folder,
      log,
      programRunner: (_request, _runId, emit) =>
        new Promise<void>((resolve) => {
          finish = () => {
            emit(failureResult('DEVICE_NEVER_RETURNED', 'the board did not come back'));
            resolve();
          };
        }),
    });
    const reply = await services.server.handle(
      'program.start',
      { boardId: 'usb-1-2', layoutPath: 'FlashLayout.tsv' },
      context,
    );
    expect(reply.ok).toBe(true);
    finish();
    await new Promise((resolve) => setTimeout(resolve, 0));
    await services.programs.cancelAll();
    await log.flush();
    const lines = (await readFile(path.join(folder, appLogFileName), 'utf8'))
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const runId = reply.ok ? (reply.value as { runId: string }).runId : '';
    expect(lines).toEqual([
      expect.objectContaining({ level: 'info', event: 'run.start', runId, boardId: 'usb-1-2' }),
      expect.objectContaining({
        level: 'warn',
        event: 'run.end',
        runId,
        ok: false,
        code: 'DEVICE_NEVER_RETURNED',
        warnings: [],
      }),
    ]);
    services.dispose();
  });

  it('writes a request that failed inside the app (INTERNAL_ERROR) with its error', async () => {
    const log = openAppLog(folder);
    const services = createServices({
      transport: 'browser-shell',
      platform: 'linux',
      cwd: folder,
      log,
      virtualMachine: () => Promise.reject(new Error('host facts broke')),
    });
    const reply = await services.server.handle('app.info', {}, context);
    expect(!reply.ok && reply.error.code).toBe('INTERNAL_ERROR');
    await log.flush();
    const text = await readFile(path.join(folder, appLogFileName), 'utf8');
    expect(JSON.parse(text.trimEnd())).toMatchObject({
      level: 'error',
      event: 'request.failed',
      request: 'app.info',
      error: expect.stringMatching(/host facts broke/),
    });
    services.dispose();
  });
});
