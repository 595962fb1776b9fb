import { expect, test } from '@playwright/test';
import { startServe, type ServedShell } from './browser-shell-process';

let served: ServedShell;

test.beforeAll(async () => {
  served = await startServe(['--sim=2', '--sim-soc', 'mp13', '--sim-speed', 'fast']);
});

test.afterAll(async () => {
  expect(await served.stop()).toBe(130);
});

test('serve --sim=2 lists two virtual boards, with their SoC, stage, serial and port', async ({ page }) => {
  await page.goto(served.url);
  const boards = page.getByRole('list', { name: 'Boards' }).getByRole('listitem');
  await expect(boards).toHaveCount(2);
  await expect(boards.first()).toContainText('STM32MP13');
  await expect(boards.first()).toContainText('virtual');
  await expect(boards.first()).toContainText('rom');
  await expect(boards.first()).toContainText(/serial [0-9A-F]{24}/);
  const ports = await boards.allTextContents();
  expect(new Set(ports.map((text) => /port (\S+)/.exec(text)?.[1])).size).toBe(2);
  await expect(page.getByText('No board found')).toHaveCount(0);
});
