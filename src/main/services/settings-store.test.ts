import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../shared/contract/settings';
import { settingsFileName, SettingsStore } from './settings-store';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'flasher-settings-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const fixedNow = () => new Date('2026-11-25T08:00:00.000Z');

describe('SettingsStore', () => {
  it('starts from the defaults when there is no file, without a notice or a write', async () => {
    const store = SettingsStore.open(dir);
    expect(store.settings).toEqual(defaultSettings);
    expect(store.notice).toBeNull();
    expect(await readdir(dir)).toEqual([]);
  });

  it('writes a change as JSON and reads it back in the next run', async () => {
    const store = SettingsStore.open(dir);
    await store.update({ theme: 'dark', defaultBaudRate: 921_600, nicknames: { '0042ABCD': 'bench DK2' } });
    const again = SettingsStore.open(dir);
    expect(again.settings).toMatchObject({
      theme: 'dark',
      defaultBaudRate: 921_600,
      nicknames: { '0042ABCD': 'bench DK2' },
    });
    expect(JSON.parse(await readFile(path.join(dir, settingsFileName), 'utf8'))).toMatchObject({
      theme: 'dark',
    });
  });

  it('sets a file that is not JSON aside and uses the defaults, with a notice naming both files', async () => {
    await writeFile(path.join(dir, settingsFileName), '{"theme": "dark",');
    const store = SettingsStore.open(dir, fixedNow);
    expect(store.settings).toEqual(defaultSettings);
    const aside = 'settings.corrupt-2026-11-25T08-00-00-000Z.json';
    expect(store.notice).toContain(path.join(dir, settingsFileName));
    expect(store.notice).toContain(aside);
    expect((await readdir(dir)).sort()).toEqual([aside]);
    expect(await readFile(path.join(dir, aside), 'utf8')).toBe('{"theme": "dark",');
  });

  it('treats a value the schema refuses as a corrupt file, never as a crash', async () => {
    await writeFile(
      path.join(dir, settingsFileName),
      JSON.stringify({ theme: 'purple', reconnectTimeoutMs: -1 }),
    );
    const store = SettingsStore.open(dir, fixedNow);
    expect(store.settings).toEqual(defaultSettings);
    expect(store.notice).toMatch(/could not be used/);
    await store.update({ theme: 'light' });
    expect(SettingsStore.open(dir).settings.theme).toBe('light');
  });

  it('fills fields a file from an older version lacks with their defaults, with no notice', async () => {
    await writeFile(path.join(dir, settingsFileName), JSON.stringify({ theme: 'light' }));
    const store = SettingsStore.open(dir);
    expect(store.notice).toBeNull();
    expect(store.settings).toEqual({ ...defaultSettings, theme: 'light' });
  });

  it('keeps the recent layouts newest first, once each, at most ten', async () => {
    const store = SettingsStore.inMemory();
    for (let index = 0; index < 12; index += 1) await store.addRecentLayout(`/layouts/${index}.tsv`);
    await store.addRecentLayout('/layouts/5.tsv');
    expect(store.settings.recentLayouts[0]).toBe('/layouts/5.tsv');
    expect(store.settings.recentLayouts).toHaveLength(10);
    expect(new Set(store.settings.recentLayouts).size).toBe(10);
  });

  it('refuses an update the schema refuses and keeps the previous settings', async () => {
    const store = SettingsStore.inMemory();
    await expect(store.update({ reconnectTimeoutMs: 5 })).rejects.toThrow();
    expect(store.settings.reconnectTimeoutMs).toBe(30_000);
  });

  it('tells listeners about every change', async () => {
    const store = SettingsStore.inMemory();
    const seen: string[] = [];
    store.onChange((settings) => seen.push(settings.theme));
    await store.update({ theme: 'dark' });
    expect(seen).toEqual(['dark']);
  });
});
