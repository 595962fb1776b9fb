// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PartitionOutcome } from '../../../shared/program-events';
import { FakeBridge } from '../../test-support/fake-bridge';
import { board, dk1Report, event } from '../../test-support/fixtures';
import { renderWithClient } from '../../test-support/render-with-client';
import { ProgramPanel } from './program-panel';

const layoutPath = '/work/layouts/FlashLayout_sdcard_stm32mp157a-dk1.tsv';

beforeEach(() => {
  Element.prototype.scrollIntoView = vi.fn();
});
afterEach(() => {
  cleanup();
});

async function settle(): Promise<void> {
  await act(async () => {
    for (let turn = 0; turn < 20; turn += 1) await Promise.resolve();
  });
}

/** A DK1 run that wrote the boot images, fsbl1, ssbl and boot whole, then lost the board during rootfs. */
async function failedRun(bridge: FakeBridge): Promise<void> {
  renderWithClient(
    bridge,
    <ProgramPanel report={dk1Report()} excludedLines={new Set()} board={board()} boards={[board()]} />,
  );
  await settle();
  fireEvent.click(screen.getByRole('button', { name: 'Program' }));
  fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Erase and program' }));
  await settle();
  const outcome = (id: number, name: string, status: PartitionOutcome['status']): PartitionOutcome => ({
    id,
    name,
    bytes: status === 'written' ? 4096 : 1024,
    status,
  });
  const partitions = [
    outcome(0x01, 'fsbl1-boot', 'written'),
    outcome(0x03, 'ssbl-boot', 'written'),
    outcome(0x04, 'fsbl1', 'written'),
    outcome(0x06, 'ssbl', 'written'),
    outcome(0x21, 'boot', 'written'),
    outcome(0x23, 'rootfs', 'failed'),
  ];
  const result = event(
    {
      type: 'result',
      ok: false,
      code: 'DEVICE_UNPLUGGED',
      warnings: [],
      partitions,
      hints: ['Plug the board back in.'],
      message: 'The board left the bus while rootfs was sent.',
      consoleLines: [],
    },
    3000,
  );
  act(() => bridge.emit('program.event', { runId: 'run-1', boardId: 'board-1', event: result }));
  await settle();
}

describe('Resume on the failure card (issue 25 item 2)', () => {
  it('starts a run of the unfinished partitions alone, on the same board and layout', async () => {
    const bridge = new FakeBridge();
    await failedRun(bridge);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Resume programs only what was not written (rootfs)');
    fireEvent.click(within(alert).getByRole('button', { name: 'Resume' }));
    await settle();
    expect(bridge.requestsNamed('program.start')).toEqual([
      { boardId: 'board-1', layoutPath },
      { boardId: 'board-1', layoutPath, skip: [0x04, 0x06, 0x21] },
    ]);
    // The resumed run's rows: the boot images again, and rootfs; not what was written.
    const names = screen.getAllByRole('progressbar').map((bar) => bar.getAttribute('aria-label') ?? '');
    expect(names).toEqual(['All partitions', 'fsbl1-boot', 'ssbl-boot', 'rootfs']);
  });

  it('refuses when the layout changed since the run, and starts nothing', async () => {
    const bridge = new FakeBridge();
    await failedRun(bridge);
    bridge.handle('layout.digest', ({ path }) => ({ path, sha256: 'cd'.repeat(32), bytes: 1300 }));
    fireEvent.click(within(screen.getByRole('alert')).getByRole('button', { name: 'Resume' }));
    await settle();
    expect(screen.getByRole('alert').textContent).toContain(`${layoutPath} changed since this run`);
    expect(bridge.requestsNamed('program.start')).toHaveLength(1);
  });

  it('is not offered after a run that finished, nor when nothing is left to write', async () => {
    const bridge = new FakeBridge();
    renderWithClient(
      bridge,
      <ProgramPanel report={dk1Report()} excludedLines={new Set()} board={board()} boards={[board()]} />,
    );
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Program' }));
    fireEvent.click(
      within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Erase and program' }),
    );
    await settle();
    const done = event(
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
      3000,
    );
    act(() => bridge.emit('program.event', { runId: 'run-1', boardId: 'board-1', event: done }));
    await settle();
    expect(screen.queryByRole('button', { name: 'Resume' })).toBeNull();
  });
});
