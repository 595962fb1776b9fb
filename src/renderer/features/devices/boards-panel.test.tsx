// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BoardSummary } from '../../../shared/contract';
import { FakeBridge, FakeFailure } from '../../test-support/fake-bridge';
import { board } from '../../test-support/fixtures';
import { renderWithClient } from '../../test-support/render-with-client';
import { BoardsPanel } from './boards-panel';
import { useBoardSelection } from './use-board-selection';
import { useBoards } from './use-boards';

afterEach(cleanup);

/** Lets every pending request answer (the fake bridge answers in microtasks). */
async function settle(): Promise<void> {
  await act(async () => {
    for (let turn = 0; turn < 20; turn += 1) await Promise.resolve();
  });
}

function withPlatform(bridge: FakeBridge, platform: string): FakeBridge {
  return bridge.handle('app.info', () => ({
    name: 'STM32MP Flasher',
    version: '9.9.9',
    platform,
    transport: 'browser-shell',
    virtualMachine: 'none',
  }));
}

async function renderBoards(
  boards: BoardSummary[],
  {
    platform = 'linux',
    selected = null as BoardSummary | null,
    onSelect = vi.fn(),
    bridge = new FakeBridge(),
  } = {},
) {
  renderWithClient(
    withPlatform(bridge, platform),
    <BoardsPanel state={{ boards, loaded: true, error: null }} selected={selected} onSelect={onSelect} />,
  );
  await settle();
  return { onSelect };
}

/** The panel as the app wires it: the live list from the bridge, and the selection by board id. */
function LiveBoards() {
  const state = useBoards();
  const { selected, select } = useBoardSelection(state.boards);
  return <BoardsPanel state={state} selected={selected} onSelect={select} />;
}

const rows = () => Array.from(screen.getByRole('list', { name: 'Boards' }).children) as HTMLElement[];
const rowOf = (id: string) => rows().find((row) => row.dataset['boardId'] === id);

describe('BoardsPanel', () => {
  it('with no board, says how to enter USB boot mode and offers a virtual board', async () => {
    await renderBoards([]);
    expect(screen.getByText(/No board found/)).toBeTruthy();
    const steps = screen.getByRole('list', { name: 'USB boot steps for STM32MP157x-DK1 / DK2' });
    expect(steps.textContent).toMatch(/both BOOT switches .* off/);
    expect(steps.textContent).toMatch(/5 V \/ 3 A/);
  });

  it('starts a virtual board of the chosen SoC, and says why when the app cannot', async () => {
    const bridge = new FakeBridge().handle('boards.addVirtual', () => ({ boardIds: ['board-1'] }));
    await renderBoards([], { bridge });
    fireEvent.change(screen.getByLabelText('SoC'), { target: { value: 'mp13' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Start a virtual board' }));
    });
    expect(bridge.requestsNamed('boards.addVirtual')).toEqual([{ soc: 'mp13' }]);
    bridge.handle('boards.addVirtual', () => {
      throw new FakeFailure('VIRTUAL_BOARD_RUNNING', 'A virtual board is already running in this app.');
    });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Start a virtual board' }));
    });
    expect(screen.getByRole('alert').textContent).toContain('already running');
  });

  it('shows what a board is, where, and its state in a word', async () => {
    await renderBoards([board({ slot: '1-2.3', revision: '0x2000', stage: 'tfa' })]);
    const row = rows()[0]!;
    expect(row.textContent).toContain('STM32MP15');
    expect(row.textContent).toContain('rev. 0x2000');
    expect(row.textContent).toContain('virtual');
    expect(row.textContent).toContain('· tfa');
    expect(row.textContent).toContain('serial 004A00323137511139383538 · slot 1-2.3 · high speed');
    const state = row.querySelector('.board-state');
    expect(state?.textContent).toBe('idle');
    expect(state?.className).toContain('board-state-idle');
  });

  it('warns plainly about a Full-Speed link', async () => {
    await renderBoards([board({ speed: 'full' })]);
    expect(screen.getByRole('note').textContent).toContain('Full Speed link (12 Mbit/s)');
  });

  it('says "speed unknown" where the OS does not report the speed, and warns of nothing', async () => {
    await renderBoards([board({ speed: 'unknown', serial: null })]);
    expect(rows()[0]?.textContent).toContain('serial none · slot 1-1 · speed unknown');
    expect(screen.queryByRole('note')).toBeNull();
  });

  it('shows a refused board with what the host said and the udev rule on Linux', async () => {
    const accessProblem = 'LIBUSB_ERROR_ACCESS: no permission to open 1-1.';
    await renderBoards([board({ access: 'refused', accessProblem, virtual: false })]);
    const note = screen.getByRole('note');
    expect(note.textContent).toContain(`refused: ${accessProblem}`);
    expect(note.textContent).toContain('/etc/udev/rules.d/70-stm32mp-flasher.rules');
    expect(note.textContent).toContain('73-seat-late.rules');
    expect(note.textContent).toContain(
      'SUBSYSTEM=="usb", ATTR{idVendor}=="0483", ATTR{idProduct}=="df11", TAG+="uaccess"',
    );
  });

  it('gives the WinUSB fix on Windows instead', async () => {
    await renderBoards([board({ access: 'refused', virtual: false })], { platform: 'win32' });
    const note = screen.getByRole('note');
    expect(note.textContent).toContain('WinUSB');
    expect(note.textContent).not.toContain('udev');
  });

  it('says when a board is being read, or is in use by another program', async () => {
    await renderBoards([
      board({ id: 'a', slot: '1-1', access: 'reading' }),
      board({ id: 'b', slot: '1-2', access: 'in-use' }),
    ]);
    expect(rowOf('a')?.textContent).toContain('reading…');
    expect(within(rowOf('b')!).getByRole('note').textContent).toContain('in use by another program');
  });

  it('lets a board be selected with the keyboard-reachable radio, and shows its nickname', async () => {
    const bridge = new FakeBridge();
    bridge.handle('settings.get', () => ({
      settings: {
        reconnectTimeoutMs: 30_000,
        defaultBaudRate: 115_200,
        theme: 'system',
        recentLayouts: [],
        nicknames: { B2: 'left DK2' },
        wipeConsents: [],
        stationUnlocked: false,
      },
      notice: null,
      reconnectTimeoutOverrideMs: null,
    }));
    const boards = [board({ id: 'a', serial: 'A1' }), board({ id: 'b', serial: 'B2', soc: 'mp13' })];
    const { onSelect } = await renderBoards(boards, { bridge, selected: boards[0]! });
    const radios = screen.getAllByRole('radio');
    expect(radios.map((radio) => (radio as HTMLInputElement).checked)).toEqual([true, false]);
    expect(screen.getByText('left DK2 (STM32MP13)')).toBeTruthy();
    fireEvent.click(radios[1]!);
    expect(onSelect).toHaveBeenCalledWith('b');
  });

  it('does not let a board in a run be picked for another, and says why', async () => {
    const boards = [
      board({ id: 'busy', slot: '1-1', state: 'programming', runId: 'run-9' }),
      // Finished its part, but its run still holds another board: not free yet.
      board({ id: 'held', slot: '1-2', state: 'passed', runId: 'run-9' }),
      board({ id: 'free', slot: '1-3', state: 'passed', runId: 'run-1' }),
    ];
    const { onSelect } = await renderBoards(boards);
    const radio = (id: string) => within(rowOf(id)!).getByRole('radio') as HTMLInputElement;
    expect(radio('busy').disabled).toBe(true);
    expect(radio('held').disabled).toBe(true);
    expect(radio('free').disabled).toBe(false);
    expect(rowOf('busy')?.textContent).toContain(
      'In a run: it can be picked for another run when this one ends.',
    );
    const reason = document.getElementById(radio('busy').getAttribute('aria-describedby')!.split(' ')[1]!);
    expect(reason?.textContent).toContain('In a run');
    fireEvent.click(radio('busy'));
    expect(onSelect).not.toHaveBeenCalled();
  });
});

describe('BoardsPanel during a run', () => {
  it('keeps every row in place, and the selection, while a board re-enumerates and passes', async () => {
    const left = board({ id: 'left', slot: '1-1', serial: 'AAAA00000000000000000001' });
    const right = board({ id: 'right', slot: '1-2', serial: 'BBBB00000000000000000002' });
    const bridge = new FakeBridge().withBoards([left, right]);
    renderWithClient(bridge, <LiveBoards />);
    await settle();
    fireEvent.click(within(rowOf('right')!).getByRole('radio'));
    const leftRow = rowOf('left');
    const rightRow = rowOf('right');
    const seen: string[] = [];
    const step = (changes: Partial<BoardSummary>) => {
      act(() => bridge.emit('boards.changed', { boards: [left, { ...right, runId: 'run-1', ...changes }] }));
      expect(rows().map((row) => row.dataset['boardId'])).toEqual(['left', 'right']);
      expect(rowOf('left')).toBe(leftRow);
      expect(rowOf('right')).toBe(rightRow);
      expect((within(rightRow!).getByRole('radio') as HTMLInputElement).checked).toBe(true);
      expect(screen.queryByText(/No board found/)).toBeNull();
      seen.push(rightRow!.querySelector('.board-state')?.textContent ?? '');
    };
    step({ state: 'programming' });
    const reconnect = { expectedStage: 'uboot-partitions' as const, secondsLeft: 23 };
    step({ state: 're-enumerating', stage: null, product: null, reconnect });
    step({
      state: 're-enumerating',
      stage: null,
      product: null,
      reconnect: { ...reconnect, secondsLeft: 22 },
    });
    step({ state: 'programming', stage: 'uboot-partitions' });
    step({ state: 'passed', stage: 'uboot-partitions' });
    expect(seen).toEqual([
      'programming',
      're-enumerating — back as U-Boot: partitions within 23 s',
      're-enumerating — back as U-Boot: partitions within 22 s',
      'programming',
      'passed',
    ]);
    expect(rightRow?.querySelector('.board-state')?.className).toContain('board-state-passed');
    expect((within(rightRow!).getByRole('radio') as HTMLInputElement).disabled).toBe(false);
  });
});
