import { expect, test } from './test-base';
import { copyFile, readFile, stat } from 'node:fs/promises';
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
  await expect(result).toContainText(`bmaptool copy ${image} /dev/sdX`);
  await page.screenshot({ path: 'e2e/artifacts/image-export-result.png', fullPage: true });
  expect((await stat(image)).size).toBe(2 ** 30);
  expect(await readFile(`${image}.bmap`, 'utf8')).toContain('<bmap');

  // A second image of the same name is not written over until the person says so.
  await page.getByRole('button', { name: 'Make SD-card image…' }).click();
  await page.getByRole('button', { name: 'Make image' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'already there' })).toBeVisible();
});
