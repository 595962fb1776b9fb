import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from './test-base';
import { startServe, type ServedShell } from './browser-shell-process';

/**
 * The app's log in the browser shell: "Open log folder" answers the folder on the server (the page may not open
 * windows on the server's desktop), and the file there holds the server's start and stop.
 */
let dataDir: string;
let served: ServedShell;

test.beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'stm32mp-flasher-e2e-log-'));
  served = await startServe(['--data-dir', dataDir]);
});

test.afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

test('Settings > Open log folder shows where the log is, and the log holds the start and stop', async ({
  page,
}) => {
  await page.goto(served.url);
  await page.getByText('Settings', { exact: true }).click();
  await page.getByRole('button', { name: 'Open log folder' }).click();
  const logs = path.join(dataDir, 'logs');
  await expect(page.getByRole('status').filter({ hasText: 'The log file is in' })).toHaveText(
    `The log file is in ${logs} on the computer that runs the server.`,
  );
  await served.stop();
  const events = (await readFile(path.join(logs, 'stm32mp-flasher.log'), 'utf8'))
    .trimEnd()
    .split('\n')
    .map((line) => (JSON.parse(line) as { event: string }).event);
  expect(events[0]).toBe('app.start');
  expect(events.at(-1)).toBe('app.stop');
});
