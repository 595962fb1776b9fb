import path from 'node:path';
import { makeTempDir, removeTempDir } from '../src/main/engine/layout/test-support/layout-images';
import { stageFastFixture } from '../src/main/cli/program/test-support/fast-path-fixture';
import { startServe, type ServedShell } from './browser-shell-process';
import { startProgramming } from './start-programming';
import { expect, test } from './test-base';

// The fast path in the app (issue 26): a virtual MP15 with ST's fastboot-sdcard FIP. The Program panel says what a
// run will do before Program is pressed, and the run goes over fastboot (its stage in the timeline).
const fastCase = {
  fixture: 'stm32mp157c-ev1-sdcard-fwu-pe-tfa-ci-2024.tsv',
  soc: 'mp15',
  fastboot: 'sdcard',
} as const;
let dir: string;
let layoutPath: string;
let served: ServedShell | null = null;

test.beforeAll(async () => {
  dir = await makeTempDir();
  layoutPath = (await stageFastFixture(fastCase, path.join(dir, 'images'))).layoutPath;
});

test.afterEach(async () => {
  await served?.stop();
  served = null;
});

test.afterAll(async () => {
  await removeTempDir(dir);
});

test('the Path choice shows the decision before Program, and Auto programs over fastboot', async ({
  page,
}) => {
  served = await startServe([
    '--sim',
    '--sim-soc',
    'mp15',
    '--sim-speed',
    'x20',
    '--sim-storage',
    path.join(dir, 'storage'),
    '--layout',
    layoutPath,
  ]);
  await page.goto(served.url);
  const choice = page.locator('#program-fast-path-choice');
  await expect(choice).toHaveText(/^Fastboot: the partitions go to mmc0 over fastboot/);
  const pathSelect = page.getByRole('combobox', { name: 'Path' });
  await pathSelect.selectOption('off');
  await expect(choice).toHaveText('DFU, as chosen.');
  await pathSelect.selectOption('auto');
  await expect(choice).toHaveText(/^Fastboot:/);
  await startProgramming(page);
  await expect(page.getByRole('status').filter({ hasText: 'Programmed' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText('U-Boot: fastboot').first()).toBeVisible();
});
