import type { Locator, Page } from '@playwright/test';
import {
  emitBoard,
  emitConsole,
  emitRunEvent,
  installScriptedRun,
  progress,
  scriptedBoard,
  scriptedBoardTitle,
  useScriptedDesk,
} from './scripted-run';
import { expect, test } from './test-base';

/**
 * Every state of the desk (layout loaded, programming, re-enumerating, failed, programmed) at 1024×640,
 * 1280×800 and 1920×1080 in both themes, drawn by the real renderer from a scripted run of the DK2 layout.
 * What matters in each state must be in view without scrolling at 1280×800 and up; the result is in view
 * (and has the keyboard focus) at every size. Screenshots go to e2e/artifacts/screens/ for a person to look at.
 */
const fixture = 'stm32mp157c-dk2-sdcard-optee-partial.tsv';
const viewports = [
  { width: 1024, height: 640 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;
/** On a High-Speed link, as most desks are: the Full-Speed warning has screens of its own elsewhere. */
const board = { ...scriptedBoard, speed: 'high' as const };

const desk = useScriptedDesk(fixture);

/** Each partition the table lists with its image size, as the run's events carry them. */
function tablePartitions(): { id: number; name: string; total: number }[] {
  return desk.report.layout.partitions
    .filter((partition) => partition.id !== null && partition.opt !== '-' && partition.id !== 0)
    .map((partition) => ({
      id: partition.id ?? 0,
      name: partition.name,
      total: Number(partition.size ?? 0),
    }));
}

async function shoot(page: Page, state: string, size: string, theme: string): Promise<void> {
  await page.screenshot({ path: `e2e/artifacts/screens/${state}-${size}-${theme}.png` });
}

async function expectInView(...locators: Locator[]): Promise<void> {
  for (const locator of locators) await expect(locator).toBeInViewport();
}

async function startRun(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Program', exact: true }).click();
  const erase = page.getByRole('button', { name: 'Erase and program' });
  if (await erase.isVisible()) await erase.click();
  await emitBoard(page, { state: 'programming', runId: 'run-1' }, board);
}

/** The boot chain and the layout are sent, the first table partitions are written, the third is halfway. */
async function programUntilHalfway(page: Page): Promise<string> {
  const [first, second, third] = tablePartitions();
  if (first === undefined || second === undefined || third === undefined)
    throw new Error('too few partitions');
  await emitRunEvent(
    page,
    { type: 'stage', stage: 'rom', timeline: [{ stage: 'rom', startedMs: 0, endedMs: 900 }] },
    0,
  );
  await emitRunEvent(
    page,
    {
      type: 'stage',
      stage: 'uboot-partitions',
      timeline: [
        { stage: 'rom', startedMs: 0, endedMs: 900 },
        { stage: 'tfa', startedMs: 900, endedMs: 4000 },
        { stage: 'uboot-layout', startedMs: 4000, endedMs: 6000 },
        { stage: 'uboot-partitions', startedMs: 6000, endedMs: null },
      ],
    },
    6000,
  );
  await emitRunEvent(page, progress(first.id, first.name, first.total, first.total, true), 7000);
  await emitRunEvent(page, progress(second.id, second.name, second.total, second.total, true), 8000);
  await emitConsole(page, `── flashing partition ${third.name} ──`, 'marker');
  await emitConsole(page, '\r\nU-Boot 2022.10-stm32mp-r1 (Oct 12 2023)\r\nCPU: STM32MP157CAC Rev.B\r\n');
  const half = Math.floor(third.total / 2);
  await emitRunEvent(page, progress(third.id, third.name, half, third.total), 9000);
  return third.name;
}

for (const viewport of viewports) {
  for (const theme of ['light', 'dark'] as const) {
    const size = `${viewport.width}x${viewport.height}`;
    const roomy = viewport.height >= 800;
    test(`${size} ${theme}: layout, programming, re-enumerating, failed and programmed`, async ({ page }) => {
      await installScriptedRun(page, desk.report, board);
      await page.emulateMedia({ colorScheme: theme });
      await page.setViewportSize(viewport);
      await page.goto(desk.url);
      await expect(page.getByText('Ready to program.')).toBeVisible();
      const program = page.getByRole('button', { name: 'Program', exact: true });
      await shoot(page, 'layout', size, theme);
      await expectInView(program);
      if (roomy) {
        for (const partition of tablePartitions())
          await expectInView(page.getByRole('row').filter({ hasText: partition.name }).first());
      }

      await startRun(page);
      const current = await programUntilHalfway(page);
      const overall = page.getByRole('progressbar', { name: 'All partitions' });
      await expect(page.getByText(`Programming ${scriptedBoardTitle}`)).toBeVisible();
      const currentBar = page.getByRole('progressbar', { name: current, exact: true });
      await expect(currentBar).toHaveAttribute('aria-valuenow', '50');
      await expect(overall).toHaveAccessibleDescription(/left/);
      await shoot(page, 'programming', size, theme);
      await expectInView(program, page.getByText(`Programming ${scriptedBoardTitle}`), overall);
      await expectInView(currentBar);
      if (roomy) await expectInView(page.getByRole('region', { name: 'UART console' }));

      await emitRunEvent(
        page,
        {
          type: 'reconnect',
          phase: 'return',
          expectedStage: 'uboot-partitions',
          deadlineMs: 10_000 + 30_000,
          secondsLeft: 30,
          extendedBecause: null,
          matchedBy: null,
        },
        10_000,
      );
      const timer = page.getByRole('timer');
      await expect(timer).toHaveText('Waiting for the board to come back: 30 s');
      await shoot(page, 're-enumerating', size, theme);
      await expectInView(timer, overall);

      await emitRunEvent(
        page,
        {
          type: 'result',
          ok: false,
          code: 'DEVICE_NEVER_RETURNED',
          warnings: [],
          partitions: [],
          hints: [
            'If this runs in a virtual machine, add a USB filter for 0483:df11 that matches every stage.',
          ],
          message: 'The board left the bus to come back as U-Boot and was not seen again within 30 s.',
          consoleLines: ['DFU alt info setting: done'],
        },
        40_000,
      );
      await emitBoard(page, { state: 'failed', runId: 'run-1', stage: null, product: null }, board);
      const alert = page.getByRole('alert').filter({ hasText: 'DEVICE_NEVER_RETURNED' });
      await expect(alert).toBeFocused();
      await shoot(page, 'failed', size, theme);
      await expectInView(alert.getByRole('heading'));

      await alert.getByRole('button', { name: 'Dismiss' }).click();
      await emitBoard(page, { state: 'idle', runId: null }, board);
      await startRun(page);
      await programUntilHalfway(page);
      await emitRunEvent(
        page,
        {
          type: 'result',
          ok: true,
          code: null,
          warnings: [],
          partitions: tablePartitions().map((partition) => ({
            id: partition.id,
            name: partition.name,
            bytes: partition.total,
            status: 'written' as const,
          })),
          hints: [
            'Set the boot switches to SD card (on a DK2: both BOOT switches on), then press the reset button.',
          ],
          message: null,
          consoleLines: [],
        },
        20_000,
      );
      await emitBoard(page, { state: 'passed', runId: 'run-1', stage: 'uboot-partitions' }, board);
      const banner = page.getByRole('status').filter({ hasText: 'Programmed' });
      await expect(banner).toBeFocused();
      await shoot(page, 'programmed', size, theme);
      await expectInView(banner.getByRole('heading'));
    });
  }
}
