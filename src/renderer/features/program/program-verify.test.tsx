// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBridge } from '../../test-support/fake-bridge';
import { board, dk1Report, event } from '../../test-support/fixtures';
import { renderWithClient } from '../../test-support/render-with-client';
import { ProgramPanel } from './program-panel';

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

function progress(bridge: FakeBridge, bytes: number, done: boolean, step: 'write' | 'verify', at: number) {
  const body = {
    type: 'partition-progress' as const,
    partitionId: 0x21,
    name: 'boot',
    bytes,
    total: 4096,
    bytesPerSecond: 1000,
    etaSeconds: 1,
    done,
    step,
  };
  act(() => bridge.emit('program.event', { runId: 'run-1', boardId: 'board-1', event: event(body, at) }));
}

describe('Verify after programming', () => {
  it('the switch asks program.start to verify, and the partition shows its own verifying progress', async () => {
    const bridge = new FakeBridge();
    renderWithClient(
      bridge,
      <ProgramPanel report={dk1Report()} excludedLines={new Set()} board={board()} boards={[board()]} />,
    );
    await settle();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Verify after programming' }));
    fireEvent.click(screen.getByRole('button', { name: 'Program' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Erase mmc0?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Erase and program' }));
    await settle();
    expect(bridge.requestsNamed('program.start')).toEqual([
      expect.objectContaining({ boardId: 'board-1', verify: true }),
    ]);
    progress(bridge, 4096, true, 'write', 1000);
    progress(bridge, 1024, false, 'verify', 1100);
    const bar = screen.getByRole('progressbar', { name: 'boot' });
    expect(bar.getAttribute('aria-valuetext')).toMatch(/^verifying, 1(\.0)? KiB of 4(\.0)? KiB/);
    progress(bridge, 4096, true, 'verify', 1200);
    expect(screen.getByRole('progressbar', { name: 'boot' }).getAttribute('aria-valuetext')).toMatch(
      /^written, 4(\.0)? KiB of 4(\.0)? KiB/,
    );
  });
});
