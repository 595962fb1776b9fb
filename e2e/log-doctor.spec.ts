import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from './test-base';
import { startServe, type ServedShell } from './browser-shell-process';

/** The log doctor in the browser shell: a pasted CubeProgrammer log and UART log, diagnosed by the server. */
const logs = fileURLToPath(new URL('../../shared/fixtures/logs/', import.meta.url));
let served: ServedShell;

test.beforeAll(async () => {
  served = await startServe();
});

test.afterAll(async () => {
  await served.stop();
});

test('the 2019 DK2 log with its UART log: DEVICE_NEVER_RETURNED, the VM filter or driver first', async ({
  page,
}) => {
  const log = await readFile(path.join(logs, 'cubeprogrammer-2.1-dk2-sdcard-reconnect-timeout.log'), 'utf8');
  const uart = await readFile(path.join(logs, 'dk2-uart-2019-after-ssbl-start.log'), 'utf8');
  await page.goto(served.url);
  await page.getByText('Log doctor', { exact: true }).click();
  await page.getByLabel('Programming log').fill(log);
  await page.getByLabel('Board’s UART log (optional)').fill(uart);
  await page.getByRole('button', { name: 'Diagnose' }).click();
  await expect(page.getByText('DEVICE_NEVER_RETURNED', { exact: true })).toBeVisible();
  await expect(page.getByText('Warnings: LINK_FULL_SPEED')).toBeVisible();
  const hints = page.getByRole('list', { name: 'Hints, most likely first' }).getByRole('listitem');
  await expect(hints.first()).toContainText('The USB filter of the virtual machine, or the driver');
});

test('a text that is not a log: "not a log I know"', async ({ page }) => {
  await page.goto(served.url);
  await page.getByText('Log doctor', { exact: true }).click();
  await page.getByLabel('Programming log').fill('Dear forum, my board does not flash.');
  await page.getByRole('button', { name: 'Diagnose' }).click();
  await expect(page.getByRole('alert')).toContainText('not a log I know');
  await expect(page.getByRole('alert')).toContainText('STM32CubeProgrammer console output');
});
