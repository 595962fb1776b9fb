import { expect, test } from './test-base';
import { access, copyFile, open, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseFlashLayout } from '../src/main/engine/layout/parse-flash-layout';
import {
  fixturesDir,
  makeTempDir,
  removeTempDir,
  writeLayoutImages,
} from '../src/main/engine/layout/test-support/layout-images';
import { startServe, type ServedShell } from './browser-shell-process';

const fixture = 'stm32mp157a-dk1-sdcard-trusted-blog.tsv';
let dir: string;
let served: ServedShell;

test.beforeAll(async () => {
  dir = await makeTempDir();
  const layoutFile = path.join(dir, fixture);
  await copyFile(path.join(fixturesDir, fixture), layoutFile);
  await writeLayoutImages(parseFlashLayout(await readFile(layoutFile)).layout, dir, { soc: 'mp15' });
  served = await startServe(['--files', dir, '--layout', layoutFile]);
});

test.afterAll(async () => {
  await served.stop();
  await removeTempDir(dir);
});

test('Make SD-card image… writes the image and its .bmap next to the layout and says how to use them', async ({
  page,
}) => {
  const image = path.join(dir, 'stm32mp157a-dk1-sdcard-trusted-blog.img');
  await page.goto(served.url);
  await page.getByRole('button', { name: 'Make SD-card image…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Make an SD-card image' });
  await expect(dialog).toContainText('next to the layout');
  await dialog.getByLabel('Card size (GiB)').fill('1');
  await dialog.getByRole('button', { name: 'Make image' }).click();
  const result = page.locator('.image-result');
  await expect(result).toContainText(`${image}.bmap`);
  // main's last progress event came before its answer: the bar stands at the end.
  const bar = page.getByRole('progressbar', { name: 'Image written' });
  await expect(bar).toHaveAttribute('aria-valuenow', '100');
  await expect(result).toContainText(`bmaptool copy ${image} /dev/sdX`);
  await page.screenshot({ path: 'e2e/artifacts/image-export-result.png', fullPage: true });
  expect((await stat(image)).size).toBe(2 ** 30);
  expect(await readFile(`${image}.bmap`, 'utf8')).toContain('<bmap');

  // A second image of the same name is not written over until the person says so.
  await page.getByRole('button', { name: 'Make SD-card image…' }).click();
  await page.getByRole('button', { name: 'Make image' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'already there' })).toBeVisible();
});

test('the export shows its progress and Cancel stops it, leaving no image and no .bmap', async ({ page }) => {
  const image = path.join(dir, 'stm32mp157a-dk1-sdcard-trusted-blog.img');
  await rm(image, { force: true });
  await rm(`${image}.bmap`, { force: true });
  // 1.5 GiB of data in userfs (the last partition, to the card's end): long enough to cancel half way.
  const userfs = await open(path.join(dir, 'st-image-userfs-openstlinux-weston-stm32mp1.ext4'), 'w');
  const chunk = new Uint8Array(8 << 20).fill(0x5a);
  for (let at = 0; at < 1536 << 20; at += chunk.length) await userfs.write(chunk, 0, chunk.length, at);
  await userfs.close();
  await page.goto(served.url);
  await page.getByRole('button', { name: 'Make SD-card image…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Make an SD-card image' });
  await dialog.getByLabel('Card size (GiB)').fill('4');
  await dialog.getByRole('button', { name: 'Make image' }).click();
  const bar = dialog.getByRole('progressbar', { name: 'Image written' });
  await expect
    .poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 30_000 })
    .toBeGreaterThan(0);
  await expect(dialog).toContainText(/of 1\.5\d GiB of images written/);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog.getByRole('status')).toContainText(
    'Cancelled: the partial image and its .bmap were removed.',
  );
  await expect(access(image)).rejects.toThrow();
  await expect(access(`${image}.bmap`)).rejects.toThrow();
  await page.screenshot({ path: 'e2e/artifacts/image-export-cancelled.png', fullPage: true });
});
