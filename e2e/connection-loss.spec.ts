import { expect, test } from './test-base';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServe, type ServedShell } from './browser-shell-process';

// The page's own reconnection attempts fail while `serve` is stopped or gone, and so does any request the page
// makes after it stopped (the icon, loaded late): those are the point here.
// One pattern: Playwright reads a list of two or more as a fixture's [value, options] pair.
test.use({ expectedNoise: /ws:\/\/127\.0\.0\.1:\d+\/ws|ERR_CONNECTION_REFUSED/ });

let served: ServedShell | null = null;
let dir = '';

test.beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'stm32mp-flasher-connection-'));
  served = await startServe(['--files', dir]);
});

test.afterEach(() => {
  // Whatever the test left it in (stopped, killed): never a stopped process behind it.
  const child = served?.process;
  if (child !== undefined && child.exitCode === null && child.signalCode === null) {
    child.kill('SIGCONT');
    child.kill('SIGKILL');
  }
  served = null;
  rmSync(dir, { recursive: true, force: true });
});

test('a stopped server is noticed without a reload, the page recovers by itself, and a killed one is said to have stopped', async ({
  page,
}) => {
  test.setTimeout(120_000);
  if (served === null) throw new Error('serve did not start');
  const pid = served.process.pid;
  if (pid === undefined) throw new Error('serve has no pid');
  const missing = path.join(dir, 'nowhere.tsv');
  const banner = page.getByRole('status').filter({ hasText: 'Connection lost' });

  await page.goto(served.url);
  await expect(page.getByText('No board found')).toBeVisible();
  await expect(banner).toHaveCount(0);

  process.kill(pid, 'SIGSTOP');
  // A request made while the server is stopped: its button spins, then fails with the connection, not forever.
  await page.getByLabel('Layout file').fill(missing);
  await page.getByRole('button', { name: 'Open' }).click();
  await expect(banner).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText(/Next try in \d+ s\.|Trying now…/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Open' })).toBeEnabled();
  await page.screenshot({ path: 'e2e/artifacts/connection-lost.png' });
  await expect(
    page.getByRole('alert').filter({ hasText: 'The connection to the application was lost' }),
  ).toBeVisible();

  process.kill(pid, 'SIGCONT');
  await expect(banner).toHaveCount(0, { timeout: 30_000 });
  // The same page, not reloaded, asks the server again and gets its answer.
  await page.getByLabel('Layout file').fill(path.join(dir, 'again.tsv'));
  await page.getByRole('button', { name: 'Open' }).click();
  await expect(page.getByText(/Cannot read the layout \S+again\.tsv: no such file/)).toBeVisible({
    timeout: 15_000,
  });
  await expect(page.getByText('No board found')).toBeVisible();

  process.kill(pid, 'SIGKILL');
  const stopped = page.getByRole('alert').filter({ hasText: 'The app has stopped.' });
  await expect(stopped).toBeVisible({ timeout: 45_000 });
  await expect(
    page.getByText(/Start it again with stm32mp-flasher serve \(or npm start in its folder\)/),
  ).toBeVisible();
  await page.screenshot({ path: 'e2e/artifacts/connection-stopped.png' });
});

test('a server stopped with Ctrl+C tells the page at once that the app has stopped', async ({ page }) => {
  if (served === null) throw new Error('serve did not start');
  await page.goto(served.url);
  await expect(page.getByText('No board found')).toBeVisible();
  expect(await served.stop()).toBe(130);
  await expect(page.getByRole('alert').filter({ hasText: 'The app has stopped.' })).toBeVisible({
    timeout: 5_000,
  });
});
