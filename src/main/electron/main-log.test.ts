import { EventEmitter } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appLogFileName } from '../app-log/log-dir';
import { openFolderWith, startMainLog } from './main-log';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'main-log-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('the desktop app’s log', () => {
  it('is in app.getPath("logs"), from app.start to app.stop, and an uncaught error is written and shown once', async () => {
    const boxes: string[] = [];
    const events = new EventEmitter();
    const quitListeners: (() => void)[] = [];
    const app = {
      getPath: (name: string) => (name === 'logs' ? folder : '/elsewhere'),
      on: (event: string, listener: () => void) => {
        if (event === 'will-quit') quitListeners.push(listener);
        return app;
      },
    };
    const log = startMainLog(
      app as unknown as Parameters<typeof startMainLog>[0],
      { showErrorBox: (title, detail) => boxes.push(`${title}\n${detail}`) },
      events,
    );
    events.emit('uncaughtException', new Error('boom'));
    events.emit('uncaughtException', new Error('boom again'));
    for (const listener of quitListeners) listener();
    await log.flush();
    expect(boxes).toHaveLength(1);
    const lines = (await readFile(path.join(folder, appLogFileName), 'utf8')).trimEnd().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { event: string }).event)).toEqual([
      'app.start',
      'uncaught-exception',
      'uncaught-exception',
      'app.stop',
    ]);
  });

  it('"Open log folder" goes through shell.openPath, whose error text becomes a failure', async () => {
    const opened: string[] = [];
    await openFolderWith({
      openPath: async (folderPath) => {
        opened.push(folderPath);
        return '';
      },
    })('/logs');
    expect(opened).toEqual(['/logs']);
    await expect(openFolderWith({ openPath: async () => 'No application' })('/logs')).rejects.toThrow(
      'No application',
    );
  });
});
