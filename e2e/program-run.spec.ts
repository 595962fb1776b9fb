import type { Page } from '@playwright/test';
import { expect, test } from './test-base';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, removeTempDir } from '../src/main/engine/layout/test-support/layout-images';
import { stageLayout } from '../src/main/cli/program/test-support/staged-fixture';
import { startServe, type ServedShell } from './browser-shell-process';
import { contractRequest } from './contract-request';
import { startProgramming } from './start-programming';

// Real runs: the browser shell's own engine programs a virtual board (x20 realistic: slow enough to see
// progress and countdowns, fast enough for CI), with the DK1 SD-card fixture and generated images.
const fixture = 'stm32mp157a-dk1-sdcard-trusted-blog.tsv';
let dir: string;
let layoutPath: string;
let served: ServedShell | null = null;

test.beforeAll(async () => {
  dir = await makeTempDir();
  layoutPath = (await stageLayout(fixture, path.join(dir, 'images'), 'mp15')).layoutPath;
  mkdirSync('e2e/artifacts', { recursive: true });
});

test.afterEach(async () => {
  await served?.stop();
  served = null;
});

test.afterAll(async () => {
  await removeTempDir(dir);
});

async function serveBoard(faults: string[], reconnectTimeoutMs: number): Promise<ShellUrl> {
  const faultArgs = faults.length === 0 ? [] : ['--sim-fault', faults.join(',')];
  served = await startServe([
    '--sim',
    '--sim-speed',
    'x20',
    ...faultArgs,
    '--sim-storage',
    path.join(dir, `storage-${faults.join('-') || 'none'}`),
    '--reconnect-timeout',
    String(reconnectTimeoutMs),
    '--layout',
    layoutPath,
  ]);
  return served.url;
}
type ShellUrl = string;

/** Saves the page as it is now, in both themes (the e2e run's artifacts, never committed). */
async function screenshotBothThemes(page: Page, state: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: `e2e/artifacts/real-${state}-${colorScheme}.png`, fullPage: true });
  }
}

test('DK1 SD card: every partition bar reaches 100, success, and the console shows U-Boot during the run', async ({
  page,
}) => {
  const url = await serveBoard([], 5000);
  await page.goto(url);
  await startProgramming(page);
  await expect(page.getByRole('progressbar', { name: 'All partitions' })).toBeVisible();
  await screenshotBothThemes(page, 'running');
  const banner = page.getByRole('status').filter({ hasText: 'Programmed' });
  await expect(banner).toBeVisible({ timeout: 45_000 });
  const bars = await page.getByRole('progressbar').all();
  expect(bars.length).toBeGreaterThanOrEqual(10);
  for (const bar of bars) await expect(bar).toHaveAttribute('aria-valuenow', '100');
  // The console's whole history (the screen shows only its last rows, which scroll): U-Boot started, and its
  // lines came while it took the partitions, up to its end.
  const { text } = (await contractRequest(page, url, 'console.history', { consoleId: 'virtual-1' })) as {
    text: string;
  };
  const ubootAt = text.indexOf('U-Boot');
  expect(ubootAt).toBeGreaterThan(-1);
  expect(text.indexOf('flashing partition 0x24 userfs')).toBeGreaterThan(ubootAt);
  expect(text.indexOf('Download done')).toBeGreaterThan(text.indexOf('flashing partition 0x24 userfs'));
  await expect(page.getByRole('region', { name: 'UART console' })).toContainText('Download done');
  await screenshotBothThemes(page, 'success');
});

test('no-return: a visible countdown, then DEVICE_NEVER_RETURNED with its hints', async ({ page }) => {
  await page.goto(await serveBoard(['no-return'], 3000));
  await startProgramming(page);
  await expect(page.getByRole('timer')).toHaveText(/Waiting for the board to come back: [1-3] s/, {
    timeout: 20_000,
  });
  await screenshotBothThemes(page, 'reconnecting');
  const alert = page.getByRole('alert').filter({ hasText: 'DEVICE_NEVER_RETURNED' });
  await expect(alert).toBeVisible({ timeout: 20_000 });
  await expect(alert).toContainText('0483:df11');
  await expect(alert).toContainText('DFU alt info setting: done');
  await screenshotBothThemes(page, 'failure');
});

test('full-speed: the speed warning in the devices panel and in the result', async ({ page }) => {
  await page.goto(await serveBoard(['full-speed'], 5000));
  await expect(page.getByRole('list', { name: 'Boards' })).toContainText('Full Speed link');
  await startProgramming(page);
  const banner = page.getByRole('status').filter({ hasText: 'Programmed' });
  await expect(banner).toBeVisible({ timeout: 60_000 });
  await expect(banner).toContainText('LINK_FULL_SPEED');
});

test('keyboard only: from the path field to the success banner', async ({ page }) => {
  await page.goto(await serveBoard([], 5000));
  await page.getByLabel('Layout file').focus();
  await page.keyboard.type(layoutPath);
  await page.keyboard.press('Enter');
  await expect(page.getByText('Ready to program.')).toBeVisible();
  const program = page.getByRole('button', { name: 'Program', exact: true });
  for (
    let presses = 0;
    presses < 60 && !(await program.evaluate((el) => el === el.ownerDocument.activeElement));
    presses++
  )
    await page.keyboard.press('Tab');
  await expect(program).toBeFocused();
  await page.keyboard.press('Enter');
  const erase = page
    .getByRole('alertdialog', { name: 'Erase mmc0?' })
    .getByRole('button', { name: 'Erase and program' });
  for (
    let presses = 0;
    presses < 10 && !(await erase.evaluate((el) => el === el.ownerDocument.activeElement));
    presses++
  )
    await page.keyboard.press('Tab');
  await expect(erase).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Programmed' })).toBeVisible({ timeout: 45_000 });
});
