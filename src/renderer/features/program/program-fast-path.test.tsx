// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FastPathChoice } from '../../../shared/fast-path';
import { FakeBridge } from '../../test-support/fake-bridge';
import { board, dk1Report } from '../../test-support/fixtures';
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

/** The decision the main side gives per choice: Auto is DFU (a stock FIP), Fastboot refused, DFU as chosen. */
function decisions(bridge: FakeBridge): FakeBridge {
  return bridge.handle('program.fastPath', ({ fast }): FastPathChoice => {
    if (fast === 'off') return { path: 'dfu', reason: null };
    const reason = 'the layout writes mmc0 but a stock STM32MP15 FIP flashes mmc1';
    return fast === 'on'
      ? { path: 'refused', code: 'FAST_PATH_UNAVAILABLE', reason }
      : { path: 'dfu', reason };
  });
}

describe('the Program panel’s path: Auto, Fastboot or DFU', () => {
  it('shows what a run would do and why before Program is pressed, and the run is asked with that choice', async () => {
    const bridge = decisions(new FakeBridge());
    renderWithClient(
      bridge,
      <ProgramPanel report={dk1Report()} excludedLines={new Set()} board={board()} boards={[board()]} />,
    );
    await settle();
    const path = screen.getByRole('combobox', { name: 'Path' });
    expect(path).toHaveProperty('value', 'auto');
    expect(
      screen.getByText('DFU: the layout writes mmc0 but a stock STM32MP15 FIP flashes mmc1.'),
    ).toBeTruthy();
    expect(bridge.requestsNamed('program.fastPath').at(-1)).toMatchObject({
      boardId: 'board-1',
      fast: 'auto',
    });

    fireEvent.change(path, { target: { value: 'on' } });
    await settle();
    expect(
      screen.getByText(
        'Fastboot is not possible: the layout writes mmc0 but a stock STM32MP15 FIP flashes mmc1. Choose Auto or DFU.',
      ),
    ).toBeTruthy();

    fireEvent.change(path, { target: { value: 'off' } });
    await settle();
    expect(screen.getByText('DFU, as chosen.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Program' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Erase mmc0?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Erase and program' }));
    await settle();
    expect(bridge.requestsNamed('program.start')).toEqual([
      expect.objectContaining({ boardId: 'board-1', fast: 'off' }),
    ]);
  });
});
