import { access, copyFile, open, readFile, stat, writeFile } from 'node:fs/promises';
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
const image = 'stm32mp157a-dk1-sdcard-trusted-blog.img';
const sizeBytes = 2 ** 30;
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

function browserServices() {
  return createServices({ transport: 'browser-shell', platform: 'linux', cwd: dir });
}

describe('image.export', () => {
  it('writes the card image and its .bmap next to the layout', async () => {
    const reply = await browserServices().server.handle(
      'image.export',
      { layoutPath: fixture, sizeBytes },
      context,
    );
    expect(reply).toMatchObject({
      ok: true,
      value: {
        image: {
          outputPath: path.join(dir, image),
          bmapPath: path.join(dir, `${image}.bmap`),
          bytes: sizeBytes,
          device: 'mmc0',
        },
      },
    });
    expect((await stat(path.join(dir, image))).size).toBe(sizeBytes);
    expect(await readFile(path.join(dir, `${image}.bmap`), 'utf8')).toContain('<bmap');
    if (reply.ok)
      expect((reply.value as { image: { mappedBytes: number } }).image.mappedBytes).toBeGreaterThan(0);
  });

  it("sends image.progress events up to all the images' bytes before it answers", async () => {
    const services = browserServices();
    const seen: { done: number; total: number }[] = [];
    services.server.onEvent((name, payload) => {
      if (name === 'image.progress') seen.push(payload as { done: number; total: number });
    });
    const reply = await services.server.handle('image.export', { layoutPath: fixture, sizeBytes }, context);
    expect(reply.ok).toBe(true);
    expect(seen.length).toBeGreaterThan(0);
    const last = seen.at(-1);
    expect(last?.total).toBeGreaterThan(0);
    expect(last?.done).toBe(last?.total);
  });

  it('image.cancel stops the export and removes the partial image and .bmap', async () => {
    // A 128 MiB userfs image of data: the export is still writing when it is cancelled (on its first event).
    const userfs = await open(path.join(dir, 'st-image-userfs-openstlinux-weston-stm32mp1.ext4'), 'w');
    const chunk = new Uint8Array(8 << 20).fill(0x5a);
    for (let at = 0; at < 128 << 20; at += chunk.length) await userfs.write(chunk, 0, chunk.length, at);
    await userfs.close();
    const services = browserServices();
    let cancelled: Promise<unknown> | null = null;
    services.server.onEvent((name) => {
      if (name === 'image.progress') cancelled ??= services.server.handle('image.cancel', {}, context);
    });
    const reply = await services.server.handle('image.export', { layoutPath: fixture, sizeBytes }, context);
    expect(await cancelled).toEqual({ ok: true, value: { cancelled: true } });
    expect(reply).toEqual({ ok: true, value: { image: null, cancelled: true } });
    await expect(access(path.join(dir, image))).rejects.toThrow();
    await expect(access(path.join(dir, `${image}.bmap`))).rejects.toThrow();
    expect(await services.server.handle('image.cancel', {}, context)).toEqual({
      ok: true,
      value: { cancelled: false },
    });
  });

  it('refuses an output anywhere but next to the layout in the browser', async () => {
    const outside = path.join(dir, 'elsewhere', 'card.img');
    const reply = await browserServices().server.handle(
      'image.export',
      { layoutPath: fixture, outputPath: outside, sizeBytes },
      context,
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'IMAGE_OUTPUT_NOT_ALLOWED' } });
    await expect(stat(outside)).rejects.toThrow();
  });

  it('replaces an existing image only when asked to', async () => {
    const existing = path.join(dir, image);
    await writeFile(existing, 'keep me');
    const services = browserServices();
    const refused = await services.server.handle('image.export', { layoutPath: fixture, sizeBytes }, context);
    expect(refused).toMatchObject({ ok: false, error: { code: 'IMAGE_OUTPUT_EXISTS' } });
    expect(await readFile(existing, 'utf8')).toBe('keep me');
    const replaced = await services.server.handle(
      'image.export',
      { layoutPath: fixture, sizeBytes, overwrite: true },
      context,
    );
    expect(replaced.ok).toBe(true);
    expect((await stat(existing)).size).toBe(sizeBytes);
  });

  it('writes where the desktop save dialog says, and nothing when it is cancelled', async () => {
    const chosen = path.join(dir, 'chosen.img');
    const answers = [chosen, null];
    const services = createServices({
      transport: 'electron',
      platform: 'linux',
      cwd: dir,
      chooseImageOutput: () => Promise.resolve(answers.shift() ?? null),
    });
    const saved = await services.server.handle(
      'image.export',
      { layoutPath: fixture, outputPath: '/tmp/ignored.img', sizeBytes },
      context,
    );
    expect(saved).toMatchObject({ ok: true, value: { image: { outputPath: chosen } } });
    const cancelled = await services.server.handle(
      'image.export',
      { layoutPath: fixture, sizeBytes },
      context,
    );
    expect(cancelled).toEqual({ ok: true, value: { image: null } });
  });
});
