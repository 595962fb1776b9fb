import type { Page } from '@playwright/test';
import { expect, test } from './test-base';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseFlashLayout } from '../src/main/engine/layout/parse-flash-layout';
import {
  fixturesDir,
  makeTempDir,
  removeTempDir,
  writeLayoutImages,
} from '../src/main/engine/layout/test-support/layout-images';
import { startServe, type ServedShell } from './browser-shell-process';

/**
 * The desktop UI in the browser shell, for what works without `program.start`: idle, boards from --sim,
 * a layout with errors, keyboard only from the path field to Program, the UART console, settings.
 */
const fixture = 'stm32mp157a-dk1-sdcard-trusted-blog.tsv';
let dir: string;
let dataDir: string;
let layoutFile: string;
let brokenFile: string;
let served: ServedShell;

test.beforeAll(async () => {
  dir = await makeTempDir();
  dataDir = path.join(dir, 'user-data');
  await mkdir(dataDir);
  layoutFile = path.join(dir, fixture);
  await copyFile(path.join(fixturesDir, fixture), layoutFile);
  const { layout } = parseFlashLayout(await readFile(layoutFile));
  await writeLayoutImages(layout, dir, { soc: 'mp15' });
  brokenFile = path.join(dir, 'broken.tsv');
  await writeFile(brokenFile, (await readFile(layoutFile, 'utf8')).replace(/^P\t0x04\t/m, 'PX\t0x04\t'));
  served = await startServe([
    '--sim',
    '--sim-speed',
    'x20',
    '--reconnect-timeout',
    '3000',
    '--data-dir',
    dataDir,
    // The layouts typed into the page live here (serve reads only under --files).
    '--files',
    dir,
  ]);
});

test.afterAll(async () => {
  await served.stop();
  await removeTempDir(dir);
});

async function openApp(page: Page, colorScheme: 'light' | 'dark' = 'light'): Promise<void> {
  await page.emulateMedia({ colorScheme });
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(served.url);
  await expect(page.getByRole('list', { name: 'Boards' }).getByRole('listitem')).toHaveCount(1);
}

async function openLayout(page: Page, file: string): Promise<void> {
  await page.getByLabel('Layout file').fill(file);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByRole('definition').filter({ hasText: file })).toBeVisible();
}

test('idle: the virtual board is listed and selected, Program says what it waits for', async ({ page }) => {
  await openApp(page);
  const board = page.getByRole('list', { name: 'Boards' }).getByRole('listitem');
  await expect(board).toContainText('STM32MP15');
  await expect(board.getByRole('radio')).toBeChecked();
  const program = page.getByRole('button', { name: 'Program', exact: true });
  await expect(program).toHaveAttribute('aria-disabled', 'true');
  await expect(page.getByText('Open a flash layout first.')).toBeVisible();
  await expect(page.getByRole('region', { name: 'UART console' })).toBeVisible();
  await page.screenshot({ path: 'e2e/artifacts/idle-light.png', fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'e2e/artifacts/idle-dark.png', fullPage: true });
});

test('a layout with errors disables Program with the reason, and shows each issue on its row', async ({
  page,
}) => {
  await openApp(page);
  await openLayout(page, brokenFile);
  const program = page.getByRole('button', { name: 'Program', exact: true });
  await expect(program).toHaveAttribute('aria-disabled', 'true');
  await expect(
    page.getByText('The layout has 1 error: fix it first (each is shown on its row).'),
  ).toBeVisible();
  const badRow = page.locator('tr.partition-row', { hasText: 'PX' });
  await expect(badRow.locator('xpath=following-sibling::tr[1]')).toContainText('BAD_OPTION');
  await program.click({ force: true });
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  await page.screenshot({ path: 'e2e/artifacts/layout-errors-light.png', fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'e2e/artifacts/layout-errors-dark.png', fullPage: true });
});

test('keyboard only: from the path field to an enabled Program button, and its erase question', async ({
  page,
}) => {
  await openApp(page);
  await page.getByLabel('Layout file').focus();
  await page.keyboard.type(layoutFile);
  await page.keyboard.press('Enter');
  await expect(page.getByText('Ready to program.')).toBeVisible();
  const program = page.getByRole('button', { name: 'Program', exact: true });
  await expect(program).toHaveAttribute('aria-disabled', 'false');
  let reached = false;
  for (let press = 0; press < 40 && !reached; press += 1) {
    await page.keyboard.press('Tab');
    reached = await program.evaluate((element) => element.matches(':focus'));
  }
  expect(reached).toBe(true);
  // The focus ring is visible on the button the keyboard reached.
  await expect(program).toHaveCSS('outline-style', 'solid');
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('alertdialog', { name: 'Erase mmc0?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Erase and program' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await page.screenshot({ path: 'e2e/artifacts/ready-light.png', fullPage: true });
});

test('leaving a partition out says it becomes a partial update, and asks no erase question', async ({
  page,
}) => {
  await openApp(page);
  await openLayout(page, layoutFile);
  await page.getByRole('checkbox', { name: 'Write rootfs' }).uncheck();
  await expect(page.getByRole('note').filter({ hasText: 'Partial update of mmc0' })).toContainText(
    'the board must already have this layout',
  );
  await expect(page.getByText('Full update of')).toHaveCount(0);
});

test("the console panel shows the virtual board's console in xterm.js, under the CSP", async ({ page }) => {
  await openApp(page);
  const region = page.getByRole('region', { name: 'UART console' });
  await expect(region.getByLabel('Port')).toHaveValue('virtual-1');
  await expect(region.getByLabel('Baud')).toBeDisabled();
  await expect(region.locator('.xterm-rows')).toHaveCount(1);
  await expect(region.locator('.console-terminal')).toHaveAttribute('data-console-id', 'virtual-1');
  // xterm.js's rules reach the page as adopted stylesheets, not as <style> elements the CSP would refuse
  // (test-base fails the test on any refusal).
  await expect(region.locator('style')).toHaveCount(0);
  const rows = region.locator('.xterm-rows');
  await expect(rows).toHaveCSS('white-space', 'pre');
  await expect(rows).toHaveCSS('color', 'rgb(216, 221, 227)');
  const ansiRed = await rows.evaluate((element) => {
    const probe = element.ownerDocument.createElement('span');
    probe.className = 'xterm-fg-1';
    element.append(probe);
    const color = probe.ownerDocument.defaultView?.getComputedStyle(probe).color;
    probe.remove();
    return color;
  });
  expect(ansiRed).toBe('rgb(255, 123, 114)');
  // A selection draws each selected cell with an RGB background, which xterm.js sets as a style attribute.
  const screen = await region.locator('.xterm-screen').boundingBox();
  if (screen === null) throw new Error('the console has no screen');
  await page.mouse.move(screen.x + 4, screen.y + 4);
  await page.mouse.down();
  await page.mouse.move(screen.x + screen.width / 2, screen.y + screen.height / 2, { steps: 4 });
  await page.mouse.up();
  await expect(region.locator('.xterm-selection div').first()).toBeVisible();
  await region.getByRole('button', { name: 'Pause' }).click();
  await expect(region.getByRole('button', { name: 'Resume' })).toHaveAttribute('aria-pressed', 'true');
  await region.getByRole('button', { name: 'Resume' }).click();
});

test('settings: the theme chosen is applied and kept in the data folder across a reload', async ({
  page,
}) => {
  await openApp(page);
  await page.getByText('Settings', { exact: true }).click();
  await page.screenshot({ path: 'e2e/artifacts/settings-light.png', fullPage: true });
  await page.getByRole('radio', { name: 'Dark' }).check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect
    .poll(async () => JSON.parse(await readFile(path.join(dataDir, 'settings.json'), 'utf8')).theme)
    .toBe('dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByText('Settings', { exact: true }).click();
  await page.getByRole('radio', { name: 'As the system' }).check();
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
});
