import type { Page } from '@playwright/test';
import { expect, test } from './test-base';
import type { ProgramEventBody } from '../src/shared/program-events';
import { emitInPage } from './scripted-bridge';
import {
  emitBoard,
  emitRunEvent,
  installScriptedRun,
  progress,
  scriptedBoardTitle as boardTitle,
  useScriptedDesk,
} from './scripted-run';

/**
 * The states of a run drawn by the real renderer in Chromium, fed a scripted `program.event` sequence on a
 * Full-Speed board: running, reconnecting, success, failure, in both themes (real runs: program-run.spec.ts).
 */
const fixture = 'stm32mp157a-dk1-sdcard-trusted-blog.tsv';

const desk = useScriptedDesk(fixture);

let elapsed = 0;
async function emit(page: Page, body: ProgramEventBody, elapsedMs: number): Promise<void> {
  elapsed = elapsedMs;
  await emitRunEvent(page, body, elapsedMs);
}

async function openScripted(
  page: Page,
  colorScheme: 'light' | 'dark',
  viewport = { width: 1440, height: 1000 },
): Promise<void> {
  await installScriptedRun(page, desk.report);
  await page.emulateMedia({ colorScheme });
  await page.setViewportSize(viewport);
  await page.goto(desk.url);
  await expect(page.getByText('Ready to program.')).toBeVisible();
  await page.getByRole('button', { name: 'Program', exact: true }).click();
  await page.getByRole('button', { name: 'Erase and program' }).click();
  await expect(page.getByRole('progressbar', { name: 'All partitions' })).toBeVisible();
  await emitBoard(page, { state: 'programming', runId: 'run-1' });
  await expect(page.getByText(`Programming ${boardTitle}`)).toBeVisible();
}

async function runUntilReconnect(page: Page): Promise<void> {
  await emit(
    page,
    { type: 'stage', stage: 'rom', timeline: [{ stage: 'rom', startedMs: 0, endedMs: null }] },
    0,
  );
  await emit(
    page,
    {
      type: 'warning',
      code: 'LINK_FULL_SPEED',
      message: 'The board is on a Full-Speed (12 Mbit/s) link.',
      hint: 'Connect it directly to a USB 2.0 or 3.x port, without a hub.',
    },
    20,
  );
  await emit(page, progress(0x01, 'fsbl1-boot', 4352, 4352, true), 600);
  await emit(
    page,
    {
      type: 'stage',
      stage: 'tfa',
      timeline: [
        { stage: 'rom', startedMs: 0, endedMs: 700 },
        { stage: 'tfa', startedMs: 700, endedMs: null },
      ],
    },
    700,
  );
  await emit(page, progress(0x03, 'ssbl-boot', 2048, 4352), 900);
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`running, reconnecting and failed with DEVICE_NEVER_RETURNED (${colorScheme})`, async ({ page }) => {
    await openScripted(page, colorScheme);
    await runUntilReconnect(page);
    await emitInPage(page, 'console.data', {
      consoleId: 'board-1',
      kind: 'marker',
      text: '── flashing partition 0x03 ssbl-boot ──',
    });
    await emitInPage(page, 'console.data', {
      consoleId: 'board-1',
      kind: 'data',
      text: '\r\nU-Boot 2022.10-stm32mp-r1 (Oct 12 2023)\r\nCPU: STM32MP157AAC Rev.B\r\n',
    });
    await expect(page.getByRole('progressbar', { name: 'ssbl-boot' })).toHaveAttribute('aria-valuenow', '47');
    await expect(page.getByRole('progressbar', { name: 'fsbl1-boot' })).toHaveAttribute(
      'aria-valuenow',
      '100',
    );
    await page.screenshot({ path: `e2e/artifacts/running-${colorScheme}.png`, fullPage: true });
    await emit(page, progress(0x03, 'ssbl-boot', 4352, 4352, true), 1400);
    await emit(
      page,
      {
        type: 'reconnect',
        phase: 'return',
        expectedStage: 'uboot-partitions',
        deadlineMs: 1500 + 3000,
        secondsLeft: 3,
        extendedBecause: null,
        matchedBy: null,
      },
      1500,
    );
    await emitBoard(page, {
      state: 're-enumerating',
      runId: 'run-1',
      stage: null,
      product: null,
      reconnect: { expectedStage: 'uboot-partitions', secondsLeft: 3 },
    });
    const row = page.getByRole('list', { name: 'Boards' }).getByRole('listitem').first();
    await expect(row).toContainText('re-enumerating — back as U-Boot: partitions within 3 s');
    await expect(row.getByRole('radio')).toBeDisabled();
    await expect(page.getByText('No board found')).toHaveCount(0);
    await emitInPage(page, 'console.data', {
      consoleId: 'board-1',
      kind: 'data',
      text: 'DFU alt info setting: done\r\n',
    });
    await expect(page.getByRole('timer')).toHaveText(/Waiting for the board to come back: [23] s/);
    await page.screenshot({ path: `e2e/artifacts/reconnecting-${colorScheme}.png`, fullPage: true });
    await expect(page.getByRole('timer')).toHaveText('Waiting for the board to come back: 0 s', {
      timeout: 5000,
    });
    await emit(
      page,
      {
        type: 'result',
        ok: false,
        code: 'DEVICE_NEVER_RETURNED',
        warnings: ['LINK_FULL_SPEED'],
        partitions: [
          { id: 0x01, name: 'fsbl1-boot', bytes: 4352, status: 'written' },
          { id: 0x03, name: 'ssbl-boot', bytes: 4352, status: 'written' },
        ],
        hints: [
          'The board came back in U-Boot (its console says "DFU alt info setting: done") but this computer did not see it: if this runs in a virtual machine, add a USB filter for 0483:df11 that matches every stage.',
          'Check the udev rule for 0483:df11 (Linux) or the WinUSB driver for the new identity (Windows).',
          'Power the board with a 5 V / 3 A supply.',
        ],
        message: 'The board left the bus to come back as U-Boot and was not seen again within 3 s.',
        consoleLines: [
          'U-Boot 2022.10-stm32mp-r1 (Oct 12 2023)',
          'CPU: STM32MP157AAC Rev.B',
          'DFU alt info setting: done',
        ],
      },
      elapsed + 3100,
    );
    await emitBoard(page, { state: 'failed', runId: 'run-1', stage: null, product: null });
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('DEVICE_NEVER_RETURNED');
    await expect(page.getByText(`Failed on ${boardTitle}`)).toBeVisible();
    await expect(page.getByText(/No board is connected/)).toHaveCount(0);
    await expect(alert).toContainText('LINK_FULL_SPEED');
    await expect(page.getByRole('timer')).toHaveCount(0);
    await page.screenshot({ path: `e2e/artifacts/failure-${colorScheme}.png`, fullPage: true });
  });

  test(`success with the next step and the report buttons (${colorScheme})`, async ({ page }) => {
    await openScripted(page, colorScheme);
    await runUntilReconnect(page);
    const written = desk.report.layout.partitions.filter(
      (partition) => (partition.id !== null && partition.opt !== '-') || partition.ip === 'none',
    );
    await emit(
      page,
      {
        type: 'result',
        ok: true,
        code: null,
        warnings: ['LINK_FULL_SPEED'],
        partitions: written.map((partition) => ({
          id: partition.id ?? 0,
          name: partition.name,
          bytes: Number(partition.size ?? 0),
          status: 'written' as const,
        })),
        hints: [
          'Set the boot switches to SD card (on a DK1: both BOOT switches on), then press the reset button.',
        ],
        message: null,
        consoleLines: [],
      },
      65_000,
    );
    const banner = page.getByRole('status').filter({ hasText: 'Programmed' });
    await expect(banner).toContainText('Set the boot switches to SD card');
    for (const bar of await page.getByRole('progressbar').all())
      await expect(bar).toHaveAttribute('aria-valuenow', '100');
    await expect(banner.getByRole('button', { name: 'Save report (JSON)' })).toBeVisible();
    await page.screenshot({ path: `e2e/artifacts/success-${colorScheme}.png`, fullPage: true });
  });
}

test('in a 1024×640 window the result is in view when the run ends, and stays until dismissed', async ({
  page,
}) => {
  await openScripted(page, 'light', { width: 1024, height: 640 });
  await runUntilReconnect(page);
  await emit(
    page,
    {
      type: 'result',
      ok: true,
      code: null,
      warnings: [],
      partitions: [],
      hints: ['Set the boot switches to SD card, then press the reset button.'],
      message: null,
      consoleLines: [],
    },
    30_000,
  );
  await emitBoard(page, { state: 'passed', runId: 'run-1', stage: 'uboot-partitions' });
  const banner = page.getByRole('status').filter({ hasText: 'Programmed' });
  await expect(banner).toBeInViewport();
  await expect(page.getByText(`Programmed ${boardTitle}`)).toBeVisible();
  // The board leaves the bus (the person flips the boot switches): the result stays, the board keeps its row.
  await emitBoard(page, { state: 'gone', runId: 'run-1', stage: null, product: null });
  await expect(banner).toBeVisible();
  await expect(page.getByRole('list', { name: 'Boards' }).getByRole('listitem').first()).toContainText(
    'gone',
  );
  await expect(page.getByText(/No board is connected/)).toHaveCount(0);
  await banner.getByRole('button', { name: 'Dismiss' }).click();
  await expect(banner).toHaveCount(0);
});
