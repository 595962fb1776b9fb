import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './test-base';
import { stageLayout } from '../src/main/cli/program/test-support/staged-fixture';
import { makeTempDir, removeTempDir } from '../src/main/engine/layout/test-support/layout-images';
import { startServe, type ServedShell } from './browser-shell-process';

// WCAG 2 A/AA rules (contrast AA included) on the app with a board and a layout, in both themes.
const fixture = 'stm32mp157a-dk1-sdcard-trusted-blog.tsv';
let dir: string;
let layoutFile: string;
let served: ServedShell;

test.beforeAll(async () => {
  dir = await makeTempDir();
  layoutFile = (await stageLayout(fixture, dir, 'mp15')).layoutPath;
  served = await startServe(['--sim', '--sim-speed', 'fast', '--layout', layoutFile]);
});

test.afterAll(async () => {
  await served.stop();
  await removeTempDir(dir);
});

async function expectNoViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const found = results.violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    where: v.nodes.slice(0, 3).map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`),
  }));
  expect(found).toEqual([]);
  // The contrast rule really ran on this page (a check that looked at nothing would pass too).
  expect(results.passes.map((rule) => rule.id)).toContain('color-contrast');
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`ready to program: no WCAG A/AA violation, contrast included (${colorScheme} theme)`, async ({
    page,
  }) => {
    await page.emulateMedia({ colorScheme });
    await page.goto(served.url);
    await expect(page.getByText('Ready to program.')).toBeVisible();
    await expectNoViolations(page);
  });
}

test('a failed run: the alert, its hints and warnings meet WCAG AA in both themes', async ({ page }) => {
  const failing = await startServe([
    '--sim',
    '--sim-speed',
    'fast',
    '--sim-fault',
    'no-return,full-speed',
    '--reconnect-timeout',
    '1000',
    '--layout',
    layoutFile,
  ]);
  try {
    await page.goto(failing.url);
    await expect(page.getByText('Ready to program.')).toBeVisible();
    await page.getByRole('button', { name: 'Program', exact: true }).click();
    await page.getByRole('button', { name: 'Erase and program' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'DEVICE_NEVER_RETURNED' })).toBeVisible({
      timeout: 20_000,
    });
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await expectNoViolations(page);
    }
  } finally {
    await failing.stop();
  }
});
