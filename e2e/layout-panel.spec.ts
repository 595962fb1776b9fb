import { expect, test } from './test-base';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
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
let partitionCount: number;

test.beforeAll(async () => {
  dir = await makeTempDir();
  const layoutFile = path.join(dir, fixture);
  await copyFile(path.join(fixturesDir, fixture), layoutFile);
  const { layout } = parseFlashLayout(await readFile(layoutFile));
  partitionCount = layout.partitions.length;
  await writeLayoutImages(layout, dir, { soc: 'mp15' });
  const text = await readFile(layoutFile, 'utf8');
  await writeFile(path.join(dir, 'broken.tsv'), text.replace(/^P\t0x04\t/m, 'PX\t0x04\t'));
  served = await startServe(['--layout', layoutFile]);
});

test.afterAll(async () => {
  await served.stop();
  await removeTempDir(dir);
});

test('the layout given at start is shown: every partition, its base folder, ready to program', async ({
  page,
}) => {
  await page.goto(served.url);
  const table = page.getByRole('table', { name: 'Partitions' });
  await expect(table.locator('tbody tr.partition-row')).toHaveCount(partitionCount);
  await expect(page.getByText(dir, { exact: true })).toBeVisible();
  await expect(page.getByText('Ready to program.')).toBeVisible();
  await expect(table.getByRole('cell', { name: 'fsbl1', exact: true })).toBeVisible();
  // A browser has no native file dialog: Browse… lists the folders through the contract (browse-dialog.spec.ts).
  await expect(page.getByRole('button', { name: 'Browse…' })).toBeVisible();
});

test('a layout with errors shows each issue on its row, typed into the path field', async ({ page }) => {
  await page.goto(served.url);
  await page.getByLabel('Layout file').fill(path.join(dir, 'broken.tsv'));
  await page.getByRole('button', { name: 'Open' }).click();
  await expect(page.getByText('This layout cannot be programmed until its errors are fixed.')).toBeVisible();
  const badRow = page.locator('tr.partition-row', { hasText: 'PX' });
  await expect(badRow.getByRole('cell', { name: 'Error' })).toBeVisible();
  const issueRow = badRow.locator('xpath=following-sibling::tr[1]');
  await expect(issueRow).toContainText('BAD_OPTION');
  await expect(issueRow).toContainText('invalid option');
  await page.screenshot({ path: 'e2e/artifacts/layout-errors-light.png', fullPage: true });
});
