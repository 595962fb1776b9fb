import type { Page } from '@playwright/test';
import { expect, test } from './test-base';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { ResultEvent } from '../src/shared/program-events';
import {
  makeTempDir,
  removeTempDir,
  repositoryRoot,
} from '../src/main/engine/layout/test-support/layout-images';
import { stageLayout } from '../src/main/cli/program/test-support/staged-fixture';
import { startServe, type ServedShell } from './browser-shell-process';
import { startProgramming } from './start-programming';

// A 2019 DK2 layout (an STM32-headered U-Boot at phase 0x03) typed into an app started without --layout: with
// `--sim-firmware auto` the board boots the generation of the run's own SSBL, decided when the run starts; with
// `--sim-firmware current` today's TF-A refuses that U-Boot, and the app (and the CLI) say so in the board's words.
const fixture = 'stm32mp157c-dk2-sdcard-optee-partial.tsv';
let dir: string;
let layoutPath: string;
let served: ServedShell | null = null;

test.beforeAll(async () => {
  dir = await makeTempDir();
  layoutPath = (await stageLayout(fixture, path.join(dir, 'images'), 'mp15')).layoutPath;
});

test.afterEach(async () => {
  await served?.stop();
  served = null;
});

test.afterAll(async () => {
  await removeTempDir(dir);
});

async function programTypedLayout(page: Page, firmware: string[]): Promise<void> {
  served = await startServe([
    '--sim',
    '--sim-speed',
    'x20',
    ...firmware,
    '--sim-storage',
    path.join(dir, `storage-${firmware.join('-') || 'auto'}`),
    // The layout typed into the page lives here (serve reads only under --files).
    '--files',
    dir,
  ]);
  await page.goto(served.url);
  await page.getByLabel('Layout file').fill(layoutPath);
  await page.getByRole('button', { name: 'Open' }).click();
  await startProgramming(page);
}

test('serve --sim without --layout, then a 2019 DK2 layout typed in: the board boots 2019 firmware and is programmed', async ({
  page,
}) => {
  await programTypedLayout(page, []);
  await expect(page.getByRole('status').filter({ hasText: 'Programmed' })).toBeVisible({ timeout: 60_000 });
});

test('serve --sim --sim-firmware current with the same layout: DEVICE_REFUSED_IMAGE in TF-A’s words, as the CLI says it', async ({
  page,
}) => {
  await programTypedLayout(page, ['--sim-firmware', 'current']);
  const alert = page.getByRole('alert').filter({ hasText: 'DEVICE_REFUSED_IMAGE' });
  await expect(alert).toBeVisible({ timeout: 30_000 });
  await expect(alert).toContainText('FIP Header check failed for phase 3');
  await expect(alert).not.toContainText(/cable|hub|power supply|5 V/i);
  const cli = spawnSync(
    process.execPath,
    [
      path.join(repositoryRoot, 'bin', 'stm32mp-flasher.js'),
      'program',
      layoutPath,
      '--json',
      '--sim',
      '--sim-speed',
      'fast',
      '--sim-firmware',
      'current',
      '--sim-storage',
      path.join(dir, 'storage-cli'),
    ],
    { encoding: 'utf8', cwd: dir },
  );
  const result = JSON.parse(cli.stdout.trim().split('\n').at(-1) ?? '{}') as ResultEvent;
  expect(result.code).toBe('DEVICE_REFUSED_IMAGE');
  expect(result.message).toContain('FIP Header check failed for phase 3');
  for (const hint of result.hints) {
    expect(hint).not.toMatch(/cable|hub|power/i);
    await expect(alert).toContainText(hint.slice(0, 60));
  }
});
