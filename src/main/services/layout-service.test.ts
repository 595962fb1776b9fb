import { copyFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseFlashLayout } from '../engine/layout/parse-flash-layout';
import {
  fixturesDir,
  makeTempDir,
  removeTempDir,
  writeLayoutImages,
} from '../engine/layout/test-support/layout-images';
import { createServices } from './create-services';

const context = { transport: 'browser-shell', clientId: 'test' } as const;
const fixture = 'stm32mp157a-dk1-sdcard-trusted-blog.tsv';
let dir: string;

beforeEach(async () => {
  dir = await makeTempDir();
  const layoutFile = path.join(dir, fixture);
  await copyFile(path.join(fixturesDir, fixture), layoutFile);
  await writeLayoutImages(parseFlashLayout(await readFile(layoutFile)).layout, dir, { soc: 'mp15' });
});

afterEach(async () => {
  await removeTempDir(dir);
});

describe('layout.open, layout.check and layout.current', () => {
  it('opens a layout relative to the folder the app started in, and announces it', async () => {
    const services = createServices({ transport: 'browser-shell', platform: 'linux', cwd: dir });
    const announced: unknown[] = [];
    services.server.onEvent((name, payload) => announced.push([name, payload]));
    const reply = await services.server.handle('layout.open', { path: fixture }, context);
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    const report = reply.value as {
      ok: boolean;
      layout: { path: string; baseDir: string; partitions: unknown[] };
    };
    expect(report.ok).toBe(true);
    expect(report.layout.path).toBe(path.join(dir, fixture));
    expect(report.layout.baseDir).toBe(dir);
    expect(report.layout.partitions.length).toBeGreaterThan(3);
    expect(announced.filter((entry) => (entry as unknown[])[0] === 'layout.changed')).toEqual([
      ['layout.changed', { report }],
    ]);
    // An opened layout goes first in the recent list (a setting), announced with settings.changed.
    expect(services.settings.settings.recentLayouts).toEqual([path.join(dir, fixture)]);
    expect(await services.server.handle('layout.current', {}, context)).toEqual({
      ok: true,
      value: { report },
    });
  });

  it('checks without changing the current layout, and reports a missing file as an issue', async () => {
    const services = createServices({ transport: 'browser-shell', platform: 'linux', cwd: dir });
    const reply = await services.server.handle('layout.check', { path: 'missing.tsv' }, context);
    expect(reply).toMatchObject({
      ok: true,
      value: { ok: false, issues: [{ code: 'LAYOUT_UNREADABLE', severity: 'error' }] },
    });
    expect(await services.server.handle('layout.current', {}, context)).toEqual({
      ok: true,
      value: { report: null },
    });
  });

  it('answers a malformed request with BAD_REQUEST', async () => {
    const services = createServices({ transport: 'browser-shell', platform: 'linux', cwd: dir });
    const reply = await services.server.handle('layout.open', { path: '', soc: 'mp99' }, context);
    expect(reply).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('layout.choose uses the desktop dialog where there is one, and says plainly where there is none', async () => {
    const desktop = createServices({
      transport: 'electron',
      platform: 'linux',
      cwd: dir,
      chooseLayoutFile: async () => '/home/me/FlashLayout.tsv',
    });
    expect(await desktop.server.handle('layout.choose', {}, context)).toEqual({
      ok: true,
      value: { path: '/home/me/FlashLayout.tsv' },
    });
    const browser = createServices({ transport: 'browser-shell', platform: 'linux', cwd: dir });
    expect(await browser.server.handle('layout.choose', {}, context)).toMatchObject({
      ok: false,
      error: { code: 'NOT_IN_BROWSER', hint: expect.stringMatching(/type the path/i) },
    });
  });
});
