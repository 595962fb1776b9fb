// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BoardSummary } from '../../../shared/contract';
import type { ProgramEventBody } from '../../../shared/program-events';
import { FakeBridge } from '../../test-support/fake-bridge';
import { board, dk1Report, event } from '../../test-support/fixtures';
import { renderWithClient } from '../../test-support/render-with-client';
import { ProgramPanel } from './program-panel';

/** Every element `scrollIntoView` was called on (jsdom has none of its own). */
let scrolled: Element[] = [];
beforeEach(() => {
  scrolled = [];
  Element.prototype.scrollIntoView = vi.fn(function (this: Element) {
    scrolled.push(this);
  });
});
afterEach(cleanup);

async function settle(): Promise<void> {
  await act(async () => {
    for (let turn = 0; turn < 20; turn += 1) await Promise.resolve();
  });
}

const dk2 = board({ id: 'board-7', slot: '1-2', serial: '0036004A3338510939303401', virtual: false });

function panel(listed: BoardSummary, selected: BoardSummary | null = listed) {
  return (
    <ProgramPanel report={dk1Report()} excludedLines={new Set([7])} board={selected} boards={[listed]} />
  );
}

async function startRun() {
  const bridge = new FakeBridge();
  const view = renderWithClient(bridge, panel(dk2));
  await settle();
  fireEvent.click(screen.getByRole('button', { name: 'Program' }));
  await settle();
  expect(bridge.requestsNamed('program.start')).toEqual([expect.objectContaining({ boardId: 'board-7' })]);
  const emit = (body: ProgramEventBody, elapsedMs: number) =>
    act(() =>
      bridge.emit('program.event', { runId: 'run-1', boardId: 'board-7', event: event(body, elapsedMs) }),
    );
  return { bridge, view, emit };
}

const result = (ok: boolean): ProgramEventBody => ({
  type: 'result',
  ok,
  code: ok ? null : 'DEVICE_TRANSFER_ERROR',
  warnings: [],
  partitions: [],
  hints: ok ? [] : ['Try another cable or port, without a hub.'],
  message: ok ? null : 'A control transfer failed.',
  consoleLines: [],
});

const target = () => document.querySelector('.program-target')?.textContent;

describe('ProgramPanel and its board', () => {
  it('names the board it programs, through its re-enumerations', async () => {
    const { view, emit } = await startRun();
    expect(target()).toBe('Programming STM32MP15 · 0036004A3338510939303401 · slot 1-2');
    const away = { ...dk2, state: 're-enumerating' as const, stage: null, runId: 'run-1' };
    view.rerender(panel({ ...away, reconnect: { expectedStage: 'uboot-partitions', secondsLeft: 9 } }));
    expect(target()).toBe('Programming STM32MP15 · 0036004A3338510939303401 · slot 1-2');
    // Another board picked while this one runs: the panel still names the board of the run.
    const other = board({ id: 'board-8', slot: '1-3', serial: null });
    view.rerender(
      <ProgramPanel report={dk1Report()} excludedLines={new Set([7])} board={other} boards={[away, other]} />,
    );
    expect(target()).toBe('Programming STM32MP15 · 0036004A3338510939303401 · slot 1-2');
    view.rerender(panel(away));
    emit(result(true), 40_000);
    expect(target()).toBe('Programmed STM32MP15 · 0036004A3338510939303401 · slot 1-2');
  });

  it('says "no serial" for a board without one', async () => {
    renderWithClient(new FakeBridge(), panel(board({ serial: null, slot: '3-1' })));
    await settle();
    expect(target()).toBe('Board to program: STM32MP15 · no serial · slot 3-1');
  });

  it('keeps the result until Dismiss, and scrolls it into view when the run ends', async () => {
    const { view, emit } = await startRun();
    expect(scrolled).toEqual([]);
    emit(result(false), 3000);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('DEVICE_TRANSFER_ERROR');
    expect(scrolled).toEqual([alert]);
    // It takes the keyboard focus: Tab reaches its report buttons and Dismiss next.
    expect(document.activeElement).toBe(alert);
    // The board list moves on (the board failed, then left the bus): the result stays.
    view.rerender(panel({ ...dk2, state: 'failed', runId: 'run-1' }));
    view.rerender(panel({ ...dk2, state: 'gone', runId: 'run-1' }));
    expect(screen.getByRole('alert')).toBe(alert);
    expect(scrolled).toHaveLength(1);
    fireEvent.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('dismisses a success too', async () => {
    const { emit } = await startRun();
    emit(result(true), 3000);
    const status = screen.getByRole('status');
    expect(scrolled).toEqual([status]);
    expect(document.activeElement).toBe(status);
    fireEvent.click(within(status).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('never says "No board is connected" after a run while the board is listed', async () => {
    const { view, emit } = await startRun();
    emit(result(true), 3000);
    for (const state of ['passed', 'failed', 'idle', 'gone'] as const) {
      view.rerender(panel({ ...dk2, state, runId: 'run-1' }));
      expect(screen.queryByText(/No board is connected/)).toBeNull();
    }
    expect(screen.getByText(/The selected board is not on the bus now/)).toBeTruthy();
  });

  it('refuses to start on a board that another run holds', async () => {
    const busy = { ...dk2, state: 'programming' as const, runId: 'run-cli' };
    const bridge = new FakeBridge();
    renderWithClient(bridge, panel(busy));
    await settle();
    expect(screen.getByText(/The selected board is in a run/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Program' }));
    await settle();
    expect(bridge.requestsNamed('program.start')).toEqual([]);
  });
});
