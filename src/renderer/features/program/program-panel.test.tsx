// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stDriverInstallCommandLine, stDriverInstallerDefaultPath } from '../../../shared/st-dfu-driver';
import type { StageTimelineEntry } from '../../../shared/program-events';
import { FakeBridge } from '../../test-support/fake-bridge';
import { board, dk1Report, event } from '../../test-support/fixtures';
import { renderWithClient } from '../../test-support/render-with-client';
import { ProgramPanel } from './program-panel';

// jsdom lays nothing out and has no scrollIntoView: the panel calls it when a run ends.
beforeEach(() => {
  Element.prototype.scrollIntoView = vi.fn();
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

/** Lets every pending request answer (the fake bridge answers in microtasks). */
async function settle(): Promise<void> {
  await act(async () => {
    for (let turn = 0; turn < 20; turn += 1) await Promise.resolve();
  });
}

function emit(bridge: FakeBridge, body: Parameters<typeof event>[0], elapsedMs: number, runId = 'run-1') {
  act(() => bridge.emit('program.event', { runId, boardId: 'board-1', event: event(body, elapsedMs) }));
}

const timeline = (...entries: [StageTimelineEntry['stage'], number, number | null][]): StageTimelineEntry[] =>
  entries.map(([stage, startedMs, endedMs]) => ({ stage, startedMs, endedMs }));

async function renderPanel(
  bridge = new FakeBridge(),
  props: Partial<Parameters<typeof ProgramPanel>[0]> = {},
) {
  const view = renderWithClient(
    bridge,
    <ProgramPanel
      report={dk1Report()}
      excludedLines={new Set()}
      board={board()}
      boards={[board()]}
      {...props}
    />,
  );
  await settle();
  return { bridge, view };
}

async function startRun(bridge: FakeBridge) {
  fireEvent.click(screen.getByRole('button', { name: 'Program' }));
  const dialog = screen.getByRole('alertdialog', { name: 'Erase mmc0?' });
  expect(dialog.textContent).toContain('its partition table is rewritten and everything on it is lost');
  fireEvent.click(within(dialog).getByRole('button', { name: 'Erase and program' }));
  await settle();
  expect(bridge.requestsNamed('program.start')).toEqual([
    { boardId: 'board-1', layoutPath: '/work/layouts/FlashLayout_sdcard_stm32mp157a-dk1.tsv' },
  ]);
}

describe('ProgramPanel', () => {
  it('runs to success: timeline with elapsed times, one named bar per partition, then a status banner', async () => {
    const { bridge } = await renderPanel();
    await startRun(bridge);
    const bars = screen.getAllByRole('progressbar');
    // The overall bar, then the planned partitions in layout order (the host-loaded boot images included).
    expect(bars.map((bar) => bar.getAttribute('aria-label'))).toEqual([
      'All partitions',
      'fsbl1-boot',
      'ssbl-boot',
      'fsbl1',
      'ssbl',
      'boot',
      'rootfs',
    ]);
    emit(bridge, { type: 'stage', stage: 'rom', timeline: timeline(['rom', 0, null]) }, 0);
    emit(
      bridge,
      {
        type: 'partition-progress',
        partitionId: 0x01,
        name: 'fsbl1-boot',
        bytes: 131_072,
        total: 262_144,
        bytesPerSecond: 1_048_576,
        etaSeconds: 0.125,
        done: false,
      },
      120,
    );
    const fsbl = screen.getByRole('progressbar', { name: 'fsbl1-boot' });
    expect(fsbl.getAttribute('aria-valuenow')).toBe('50');
    expect(fsbl.getAttribute('aria-valuetext')).toContain('1.0 MiB/s');
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeTruthy();
    emit(
      bridge,
      { type: 'stage', stage: 'tfa', timeline: timeline(['rom', 0, 2400], ['tfa', 2400, null]) },
      2400,
    );
    const stages = within(screen.getByRole('list', { name: 'Stages' })).getAllByRole('listitem');
    expect(stages.map((stage) => stage.textContent)).toEqual([
      'ROM2.4 s',
      expect.stringMatching(/^TF-A\d/) as unknown as string,
    ]);
    expect(stages[1]?.getAttribute('aria-current')).toBe('step');
    emit(
      bridge,
      {
        type: 'result',
        ok: true,
        code: null,
        warnings: [],
        partitions: [
          { id: 0x01, name: 'fsbl1-boot', bytes: 262_144, status: 'written' },
          { id: 0x03, name: 'ssbl-boot', bytes: 1_048_576, status: 'written' },
          { id: 0x04, name: 'fsbl1', bytes: 262_144, status: 'written' },
          { id: 0x06, name: 'ssbl', bytes: 1_048_576, status: 'written' },
          { id: 0x21, name: 'boot', bytes: 4_194_304, status: 'written' },
          { id: 0x23, name: 'rootfs', bytes: 8_388_608, status: 'written' },
        ],
        hints: ['Set the boot switches to SD card (both on) and press reset.'],
        message: null,
        consoleLines: [],
      },
      65_000,
    );
    const banner = screen.getByRole('status');
    expect(banner.textContent).toContain('Programmed: 6 partitions written in 1 min 05 s');
    // The next step reads as the CLI prints it: "Next:" and the hint.
    expect(banner.textContent).toContain('Next:Set the boot switches to SD card (both on) and press reset.');
    for (const bar of screen.getAllByRole('progressbar'))
      expect(bar.getAttribute('aria-valuenow')).toBe('100');
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('counts down from the reconnect deadline, then shows DEVICE_NEVER_RETURNED with its ranked hints', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-25T08:00:00Z') });
    const { bridge } = await renderPanel();
    await startRun(bridge);
    emit(
      bridge,
      { type: 'stage', stage: 'tfa', timeline: timeline(['rom', 0, 900], ['tfa', 900, null]) },
      900,
    );
    emit(
      bridge,
      {
        type: 'reconnect',
        phase: 'return',
        expectedStage: 'uboot-partitions',
        deadlineMs: 1000 + 23_000,
        secondsLeft: 23,
        extendedBecause: null,
        matchedBy: null,
      },
      1000,
    );
    expect(screen.getByRole('timer').textContent).toBe('Waiting for the board to come back: 23 s');
    await act(async () => {
      await vi.advanceTimersByTimeAsync(5_000);
    });
    expect(screen.getByRole('timer').textContent).toBe('Waiting for the board to come back: 18 s');
    // The board's console shows it working: the deadline moves, and the countdown says why.
    emit(
      bridge,
      {
        type: 'reconnect',
        phase: 'return',
        expectedStage: 'uboot-partitions',
        deadlineMs: 6000 + 30_000,
        secondsLeft: 30,
        extendedBecause: 'the console shows U-Boot erasing the SD card',
        matchedBy: null,
      },
      6000,
    );
    expect(screen.getByRole('timer').textContent).toBe('Waiting for the board to come back: 30 s');
    expect(screen.getByText(/The deadline was extended: the console shows U-Boot erasing/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeTruthy();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(31_000);
    });
    expect(screen.getByRole('timer').textContent).toBe('Waiting for the board to come back: 0 s');
    emit(
      bridge,
      {
        type: 'result',
        ok: false,
        code: 'DEVICE_NEVER_RETURNED',
        warnings: ['LINK_FULL_SPEED'],
        partitions: [
          { id: 0x01, name: 'fsbl1-boot', bytes: 262_144, status: 'written' },
          { id: 0x03, name: 'ssbl-boot', bytes: 1_048_576, status: 'written' },
        ],
        hints: [
          'Add a USB filter for 0483:df11 in every stage to the virtual machine.',
          'Use a 5 V / 3 A supply.',
        ],
        message: 'The board left the bus and did not come back within 30 s.',
        consoleLines: ['U-Boot 2023.10', 'DFU alt info setting: done'],
      },
      37_000,
    );
    expect(screen.queryByRole('timer')).toBeNull();
    const alert = screen.getByRole('alert');
    expect(within(alert).getByText('DEVICE_NEVER_RETURNED')).toBeTruthy();
    expect(alert.textContent).toContain('did not come back within 30 s');
    expect(
      within(alert)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([
      'Add a USB filter for 0483:df11 in every stage to the virtual machine.',
      'Use a 5 V / 3 A supply.',
    ]);
    expect(alert.textContent).toContain(
      'Written: fsbl1-boot, ssbl-boot. Not written: fsbl1, ssbl, boot, rootfs.',
    );
    expect(alert.textContent).toContain('DFU alt info setting: done');
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
  });

  it.each([
    ['linux', true],
    ['win32', false],
  ] as const)(
    'on %s, a run that could not open the board offers the udev rule install: %s',
    async (platform, offered) => {
      const bridge = new FakeBridge().handle('app.info', () => ({
        name: 'STM32MP Flasher',
        version: '9.9.9',
        platform,
        transport: 'electron',
        virtualMachine: 'none',
      }));
      await renderPanel(bridge);
      await startRun(bridge);
      emit(
        bridge,
        {
          type: 'result',
          ok: false,
          code: 'DEVICE_UNOPENABLE',
          warnings: [],
          partitions: [],
          hints: ['Linux does not let your user open the board (USB 0483:df11): it needs a udev rule.'],
          message: 'cannot open the board: LIBUSB_ERROR_ACCESS',
          consoleLines: [],
        },
        100,
      );
      await settle();
      const alert = screen.getByRole('alert');
      expect(within(alert).queryByRole('button', { name: 'Install rule' }) !== null).toBe(offered);
    },
  );

  it.each([
    ['win32', true, true],
    ['win32', false, false],
    ['linux', true, false],
  ] as const)(
    'on %s, with ST’s DFU driver installer found: %s, a run that could not open the board offers it: %s',
    async (platform, found, offered) => {
      const bridge = new FakeBridge()
        .handle('app.info', () => ({
          name: 'STM32MP Flasher',
          version: '9.9.9',
          platform,
          transport: 'electron',
          virtualMachine: 'none',
        }))
        .handle('access.windowsDriverInstaller', () =>
          found
            ? {
                installer: stDriverInstallerDefaultPath,
                command: stDriverInstallCommandLine(stDriverInstallerDefaultPath),
              }
            : { installer: null, command: null },
        );
      await renderPanel(bridge);
      await startRun(bridge);
      emit(
        bridge,
        {
          type: 'result',
          ok: false,
          code: 'DEVICE_UNOPENABLE',
          warnings: [],
          partitions: [],
          hints: ['Windows has no driver bound to the board (USB 0483:df11) that libusb can use.'],
          message: 'cannot open the board: LIBUSB_ERROR_NOT_SUPPORTED',
          consoleLines: [],
        },
        100,
      );
      await settle();
      const alert = screen.getByRole('alert');
      const button = within(alert).queryByRole('button', { name: 'Install ST’s DFU driver (administrator)' });
      expect(button !== null).toBe(offered);
    },
  );

  it('says on the partition’s row that the board is writing, with the seconds left, until the next progress', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-25T08:00:00Z') });
    const { bridge } = await renderPanel();
    await startRun(bridge);
    const progress = (bytes: number, elapsedMs: number) =>
      emit(
        bridge,
        {
          type: 'partition-progress',
          partitionId: 0x23,
          name: 'rootfs',
          bytes,
          total: 8_388_608,
          bytesPerSecond: 1_000_000,
          etaSeconds: 4,
          done: false,
        },
        elapsedMs,
      );
    progress(4_194_304, 10_000);
    emit(
      bridge,
      {
        type: 'writing',
        partitionId: 0x23,
        name: 'rootfs',
        deadlineMs: 13_000 + 297_000,
        secondsLeft: 297,
      },
      13_000,
    );
    const row = () =>
      within(screen.getByRole('list', { name: 'Partition progress' }))
        .getAllByRole('listitem')
        .find((item) => item.textContent?.startsWith('rootfs'))?.textContent ?? '';
    expect(row()).toContain('the board is writing to its memory, up to 297 s');
    await act(async () => {
      await vi.advanceTimersByTimeAsync(5_000);
    });
    expect(row()).toContain('up to 292 s');
    progress(8_388_608, 20_000);
    expect(row()).not.toContain('the board is writing');
  });

  it('shows the Full-Speed warning while running and in the result', async () => {
    const { bridge } = await renderPanel(new FakeBridge(), { board: board({ speed: 'full' }) });
    await startRun(bridge);
    emit(
      bridge,
      {
        type: 'warning',
        code: 'LINK_FULL_SPEED',
        message: 'The board is on a Full-Speed (12 Mbit/s) link.',
        hint: 'Connect it directly to a USB 2.0 port.',
      },
      10,
    );
    expect(screen.getByRole('list', { name: 'Warnings' }).textContent).toContain('LINK_FULL_SPEED');
    emit(
      bridge,
      {
        type: 'result',
        ok: true,
        code: null,
        warnings: ['LINK_FULL_SPEED'],
        partitions: [],
        hints: [],
        message: null,
        consoleLines: [],
      },
      90_000,
    );
    const banner = screen.getByRole('status');
    expect(banner.textContent).toContain('LINK_FULL_SPEED: The board is on a Full-Speed (12 Mbit/s) link.');
    expect(banner.textContent).toContain('Set the boot switches');
  });

  it('cancels the run it started and says which partitions were written', async () => {
    const { bridge } = await renderPanel();
    await startRun(bridge);
    emit(
      bridge,
      {
        type: 'partition-progress',
        partitionId: 0x01,
        name: 'fsbl1-boot',
        bytes: 262_144,
        total: 262_144,
        bytesPerSecond: 2_000_000,
        etaSeconds: 0,
        done: true,
      },
      400,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await settle();
    expect(bridge.requestsNamed('program.cancel')).toEqual([{ runId: 'run-1' }]);
    expect(screen.getByRole('button', { name: 'Cancelling…' })).toHaveProperty('disabled', true);
    emit(
      bridge,
      {
        type: 'result',
        ok: false,
        code: 'CANCELLED',
        warnings: [],
        partitions: [{ id: 0x01, name: 'fsbl1-boot', bytes: 262_144, status: 'written' }],
        hints: ['Reset the board, then program again.'],
        message: 'Cancelled.',
        consoleLines: [],
      },
      500,
    );
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Programming cancelled');
    expect(alert.textContent).toContain('Written: fsbl1-boot.');
    expect(alert.textContent).toContain('Reset the board, then program again.');
  });

  it('keeps events that arrive before program.start answers', async () => {
    const bridge = new FakeBridge();
    let answer: (value: { runId: string }) => void = () => undefined;
    bridge.handle('program.start', () => new Promise((resolve) => (answer = resolve)));
    await renderPanel(bridge);
    fireEvent.click(screen.getByRole('button', { name: 'Program' }));
    fireEvent.click(screen.getByRole('button', { name: 'Erase and program' }));
    await settle();
    emit(bridge, { type: 'stage', stage: 'rom', timeline: timeline(['rom', 0, null]) }, 0, 'run-7');
    emit(bridge, { type: 'stage', stage: 'rom', timeline: timeline(['tfa', 0, null]) }, 0, 'someone-else');
    await act(async () => answer({ runId: 'run-7' }));
    await settle();
    expect(within(screen.getByRole('list', { name: 'Stages' })).getAllByRole('listitem')).toHaveLength(1);
    expect(screen.getByRole('list', { name: 'Stages' }).textContent).toContain('ROM');
  });

  it('copies a text report with the board, the layout and its SHA-256, the partitions and the diagnosis', async () => {
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const { bridge } = await renderPanel();
    await startRun(bridge);
    emit(
      bridge,
      {
        type: 'result',
        ok: false,
        code: 'DEVICE_TRANSFER_ERROR',
        warnings: [],
        partitions: [{ id: 0x01, name: 'fsbl1-boot', bytes: 100, status: 'failed' }],
        hints: ['Try another cable or port, without a hub.'],
        message: 'A control transfer failed while sending fsbl1-boot.',
        consoleLines: [],
      },
      3000,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Copy report' }));
    await settle();
    // Once when the run started (what Resume holds the layout to), once for the report, then its images.
    const digests = bridge.requestsNamed('layout.digest');
    expect(digests.slice(0, 2)).toEqual([
      { path: '/work/layouts/FlashLayout_sdcard_stm32mp157a-dk1.tsv' },
      { path: '/work/layouts/FlashLayout_sdcard_stm32mp157a-dk1.tsv' },
    ]);
    expect(digests.slice(2)).toContainEqual({ path: '/work/layouts/rootfs.ext4' });
    const text = String((writeText.mock.calls[0] as unknown[] | undefined)?.[0]);
    expect(text).toContain('Outcome: failed (DEVICE_TRANSFER_ERROR)');
    expect(text).toContain('App: STM32MP Flasher 9.9.9');
    expect(text).toContain('serial 004A00323137511139383538');
    expect(text).toContain(`Layout SHA-256: ${'ab'.repeat(32)}`);
    expect(text).toContain('1. Try another cable or port, without a hub.');
    expect(screen.getByText('Report copied.')).toBeTruthy();
  });
});

describe('ProgramPanel before a run', () => {
  it('is disabled with the reason shown while the layout has errors, and starts nothing', async () => {
    const report = dk1Report({
      ok: false,
      issues: [
        {
          code: 'BAD_OPTION',
          severity: 'error',
          line: 4,
          column: 1,
          message: 'invalid option',
          hint: 'Use P.',
        },
      ],
    });
    const { bridge } = await renderPanel(new FakeBridge(), { report });
    const button = screen.getByRole('button', { name: 'Program' });
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect(screen.getByText('The layout has 1 error: fix it first (each is shown on its row).')).toBeTruthy();
    expect(button.getAttribute('aria-describedby')).toBe('program-blocker');
    fireEvent.click(button);
    await settle();
    expect(bridge.requestsNamed('program.start')).toEqual([]);
  });

  it('says why when there is no board, or the board cannot be opened', async () => {
    await renderPanel(new FakeBridge(), { board: null, boards: [] });
    expect(screen.getByText(/No board is connected/)).toBeTruthy();
    cleanup();
    await renderPanel(new FakeBridge(), { board: board({ access: 'refused' }) });
    expect(screen.getByText(/cannot be opened: apply the fix/)).toBeTruthy();
  });

  it('asks nothing and skips the partitions left out for a partial update', async () => {
    const { bridge } = await renderPanel(new FakeBridge(), { excludedLines: new Set([7]) });
    fireEvent.click(screen.getByRole('button', { name: 'Program' }));
    await settle();
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(bridge.requestsNamed('program.start')).toEqual([
      expect.objectContaining({ boardId: 'board-1', skip: [0x23] }),
    ]);
    expect(screen.queryByRole('progressbar', { name: 'rootfs' })).toBeNull();
  });

  it('asks once per layout before a full update, and remembers the answer in the settings', async () => {
    const { bridge } = await renderPanel();
    fireEvent.click(screen.getByRole('button', { name: 'Program' }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(bridge.requestsNamed('program.start')).toEqual([]);
    await startRun(bridge);
    expect(bridge.requestsNamed('settings.update')).toEqual([
      {
        wipeConsents: [
          { layoutPath: '/work/layouts/FlashLayout_sdcard_stm32mp157a-dk1.tsv', memories: ['mmc0'] },
        ],
      },
    ]);
    emit(
      bridge,
      {
        type: 'result',
        ok: true,
        code: null,
        warnings: [],
        partitions: [],
        hints: [],
        message: null,
        consoleLines: [],
      },
      10,
    );
    expect(screen.getByRole('status').textContent).toContain('Programmed');
    fireEvent.click(screen.getByRole('button', { name: 'Program' }));
    await settle();
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(bridge.requestsNamed('program.start')).toHaveLength(2);
    // The next run replaces the last one's result.
    expect(screen.queryByRole('status')).toBeNull();
  });
});
