import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './test-base';
import { copyFile, mkdir, readFile, realpath, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { parseFlashLayout } from '../src/main/engine/layout/parse-flash-layout';
import {
  fixturesDir,
  makeTempDir,
  removeTempDir,
  writeLayoutImages,
} from '../src/main/engine/layout/test-support/layout-images';
import { startServe, type ServedShell } from './browser-shell-process';
import { contractRequest } from './contract-request';

// Issue 23 item 4: in the browser shell a layout is chosen with "Browse…", which lists folders and layouts
// through the contract, only under `serve --files`.
const fixture = 'stm32mp157a-dk1-sdcard-trusted-blog.tsv';
let dir: string;
let boardDir: string;
/** What the dialog lists first: the dk1/ folder at the top, or the layout inside it once it was chosen. */
const entryName = new RegExp(`^(dk1/|${fixture.replaceAll('.', '\\.')})$`);
let served: ServedShell;
let partitionCount: number;

test.beforeAll(async () => {
  dir = await realpath(await makeTempDir());
  boardDir = path.join(dir, 'dk1');
  await mkdir(path.join(dir, 'a-first-folder'));
  await mkdir(boardDir);
  await writeFile(path.join(dir, 'notes.txt'), 'not a layout');
  await copyFile(path.join(fixturesDir, fixture), path.join(boardDir, fixture));
  const { layout } = parseFlashLayout(await readFile(path.join(boardDir, fixture)));
  partitionCount = layout.partitions.length;
  await writeLayoutImages(layout, boardDir, { soc: 'mp15' });
  served = await startServe(['--files', dir]);
});

test.afterAll(async () => {
  await served.stop();
  await removeTempDir(dir);
});

/** WCAG A/AA violations inside the open dialog, contrast included. */
async function dialogViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .include('[role="dialog"]')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(results.passes.map((rule) => rule.id)).toContain('color-contrast');
  return results.violations.map((violation) => `${violation.id}: ${violation.nodes[0]?.target.join(' ')}`);
}

async function isFocused(page: Page, name: string): Promise<boolean> {
  return page
    .getByRole('button', { name, exact: true })
    .evaluate((el) => el === el.ownerDocument.activeElement);
}

test('keyboard only: Tab to Browse…, arrows and Enter into a folder, Enter on the layout: its partitions', async ({
  page,
}) => {
  await page.goto(served.url);
  const browse = page.getByRole('button', { name: 'Browse…' });
  await expect(browse).toBeVisible();
  for (let presses = 0; presses < 30 && !(await isFocused(page, 'Browse…')); presses++)
    await page.keyboard.press('Tab');
  await expect(browse).toBeFocused();
  await page.keyboard.press('Enter');

  const dialog = page.getByRole('dialog', { name: 'Choose a layout' });
  await expect(dialog).toContainText(dir);
  // Folders first, by name; the text file is not offered.
  await expect(dialog.getByRole('list')).toHaveText(/a-first-folder\/\s*dk1\//);
  await expect(dialog).not.toContainText('notes.txt');
  await expect(dialog.getByRole('button', { name: 'a-first-folder/' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(dialog.getByRole('button', { name: 'dk1/' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toContainText(boardDir);
  // The images' folders come first (folders first), then the layout.
  await expect(dialog.getByRole('button', { name: 'arm-trusted-firmware/' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(dialog.getByRole('button', { name: fixture })).toBeFocused();
  await page.screenshot({ path: 'e2e/artifacts/browse-dialog-light.png' });
  await page.keyboard.press('Enter');

  await expect(dialog).toHaveCount(0);
  const table = page.getByRole('table', { name: 'Partitions' });
  await expect(table.locator('tbody tr.partition-row')).toHaveCount(partitionCount);
  await expect(page.getByText('Ready to program.')).toBeVisible();
  await expect(page.getByLabel('Layout file')).toHaveValue(path.join(boardDir, fixture));
  await expect(browse).toBeFocused();

  // The next Browse… starts in the folder used last, on the layout chosen; Escape closes it onto the button.
  await page.keyboard.press('Enter');
  await expect(dialog).toContainText(boardDir);
  await expect(dialog.getByRole('button', { name: fixture })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(browse).toBeFocused();
});

test('a file dropped on the page opens Browse… and says that a browser gives no path', async ({ page }) => {
  await page.goto(served.url);
  await expect(page.getByRole('button', { name: 'Browse…' })).toBeVisible();
  // What a person dragging a file from their file manager gives the page: a File, and no path. (Evaluated in the
  // page: this file is type-checked without the DOM's types.)
  const dataTransfer = await page.evaluateHandle(`(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['P\\t0x01\\tfsbl1-boot'], 'FlashLayout_sdcard.tsv'));
    return transfer;
  })()`);
  await page.dispatchEvent('body', 'dragover', { dataTransfer });
  await page.dispatchEvent('body', 'drop', { dataTransfer });
  const dialog = page.getByRole('dialog', { name: 'Choose a layout' });
  await expect(dialog.getByRole('alert')).toHaveText(
    'A browser does not give the path of a dropped file (FlashLayout_sdcard.tsv): choose it here.',
  );
  // It opens at the folder --files allows, or where a layout was last chosen (dk1/, when the test above ran).
  await expect(dialog.getByRole('button', { name: entryName })).toBeVisible();
  expect(await dialogViolations(page)).toEqual([]);
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await dialogViolations(page)).toEqual([]);
  await page.screenshot({ path: 'e2e/artifacts/browse-dialog-drop-dark.png' });
  expect(new URL(page.url()).origin).toBe(served.origin);
});

test('a folder outside --files is refused, and its parent is not offered above the allowed folder', async ({
  page,
}) => {
  await page.goto(served.url);
  await page.getByRole('button', { name: 'Browse…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Choose a layout' });
  await expect(dialog.getByRole('button', { name: entryName })).toBeVisible();
  // Up to the folder --files allows (the dialog opens where a layout was last chosen, when one was), and no further.
  const parent = dialog.getByRole('button', { name: 'Parent folder' });
  if ((await dialog.getByRole('button', { name: 'dk1/' }).count()) === 0) await parent.click();
  await expect(dialog.getByRole('button', { name: 'dk1/' })).toBeVisible();
  await expect(dialog).toContainText(dir);
  await expect(parent).toHaveCount(0);
  const refused = await contractRequest(page, served.url, 'files.browse', { folder: path.dirname(dir) }).then(
    () => 'listed',
    (error: unknown) => String(error),
  );
  expect(refused).toContain('PATH_NOT_ALLOWED');
});
