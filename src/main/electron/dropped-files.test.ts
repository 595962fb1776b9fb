import type { IpcMainEvent } from 'electron';
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fixturesDir, makeTempDir, removeTempDir } from '../engine/layout/test-support/layout-images';
import { createServices } from '../services/create-services';
import { ChosenFilesPolicy } from '../services/file-access-policy';
import { SettingsStore } from '../services/settings-store';
import { bindDroppedFiles } from './dropped-files';
import { droppedFileChannel } from './ipc-channels';
import { chooseLayoutFile } from './layout-dialog';

// The Electron binary cannot run here: every Electron object these tests touch is a stand-in.
vi.mock('electron', () => ({}));

const fixture = 'stm32mp157a-dk1-sdcard-trusted-blog.tsv';
const context = { transport: 'electron', clientId: 'webcontents-1' } as const;
let dir = '';

beforeAll(async () => {
  dir = await makeTempDir();
  await copyFile(path.join(fixturesDir, fixture), path.join(dir, fixture));
  await copyFile(path.join(fixturesDir, fixture), path.join(dir, 'other.tsv'));
});
afterAll(async () => {
  await removeTempDir(dir);
});

function fakeIpcMain() {
  const listeners = new Map<string, (event: IpcMainEvent, ...args: unknown[]) => void>();
  return {
    listeners,
    on: (channel: string, listener: (event: IpcMainEvent, ...args: unknown[]) => void) => {
      listeners.set(channel, listener);
      return undefined as never;
    },
    removeListener: (channel: string) => {
      listeners.delete(channel);
      return undefined as never;
    },
  };
}

const trusted = { sender: { id: 1 } } as unknown as IpcMainEvent;
const stranger = { sender: { id: 2 } } as unknown as IpcMainEvent;

async function codeOf(reply: Promise<unknown>): Promise<string | null> {
  const answer = (await reply) as { ok: boolean; error?: { code: string } };
  return answer.ok ? null : (answer.error?.code ?? '?');
}

describe('Electron reads only what the person chose', () => {
  it('refuses a path not chosen; a file chosen in the dialog is allowed', async () => {
    const policy = new ChosenFilesPolicy();
    const dialog = {
      showOpenDialog: async () => ({ canceled: false, filePaths: [path.join(dir, fixture)] }),
    };
    const { server } = createServices({
      transport: 'electron',
      platform: 'linux',
      cwd: dir,
      fileAccess: policy,
      chooseLayoutFile: async () => {
        const chosen = await chooseLayoutFile(dialog as never, null);
        return chosen === null ? null : policy.choose(chosen);
      },
    });
    expect(await codeOf(server.handle('layout.open', { path: fixture }, context))).toBe('PATH_NOT_ALLOWED');
    expect(await server.handle('layout.choose', {}, context)).toEqual({
      ok: true,
      value: { path: path.join(dir, fixture) },
    });
    expect(await codeOf(server.handle('layout.open', { path: fixture }, context))).toBeNull();
    expect(await codeOf(server.handle('layout.open', { path: 'other.tsv' }, context))).toBe(
      'PATH_NOT_ALLOWED',
    );
  });

  it('a file dropped on the window (the preload names it) is allowed; a stranger naming one is ignored', async () => {
    const policy = new ChosenFilesPolicy();
    const ipcMain = fakeIpcMain();
    const unbind = bindDroppedFiles({ ipcMain, policy, isTrusted: (event) => event.sender.id === 1 });
    const { server } = createServices({
      transport: 'electron',
      platform: 'linux',
      cwd: dir,
      fileAccess: policy,
    });
    const drop = ipcMain.listeners.get(droppedFileChannel);
    expect(drop).toBeDefined();
    drop?.(stranger, path.join(dir, 'other.tsv'));
    drop?.(trusted, path.join(dir, fixture));
    // No wait: a request right after the drop sees it.
    expect(await codeOf(server.handle('layout.check', { path: fixture }, context))).toBeNull();
    expect(await codeOf(server.handle('layout.check', { path: 'other.tsv' }, context))).toBe(
      'PATH_NOT_ALLOWED',
    );
    unbind();
    expect(ipcMain.listeners.size).toBe(0);
  });

  it('a recent layout (opened before, recorded by main) is allowed; a client cannot add one', async () => {
    const settings = SettingsStore.inMemory();
    await settings.addRecentLayout(path.join(dir, fixture));
    const policy = new ChosenFilesPolicy(() => settings.settings.recentLayouts);
    const { server } = createServices({
      transport: 'electron',
      platform: 'linux',
      cwd: dir,
      fileAccess: policy,
      settings,
    });
    expect(await codeOf(server.handle('layout.open', { path: fixture }, context))).toBeNull();
    const added = { recentLayouts: [path.join(dir, 'other.tsv'), path.join(dir, fixture)] };
    expect(await codeOf(server.handle('settings.update', added, context))).toBe('PATH_NOT_ALLOWED');
    expect(await codeOf(server.handle('layout.open', { path: 'other.tsv' }, context))).toBe(
      'PATH_NOT_ALLOWED',
    );
    expect(await codeOf(server.handle('settings.update', { recentLayouts: [] }, context))).toBeNull();
  });
});
