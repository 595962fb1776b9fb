import { describe, expect, it } from 'vitest';
import type { TrackedBoard } from '../boards/tracked-board';
import { isRearmed, newSlotRecord, slotView } from './station-slot';

const board = (serial: string | null, id = 'usb-1'): TrackedBoard =>
  ({ id, slot: '1-1', serial, entry: { key: 'k', identity: {} } }) as unknown as TrackedBoard;

describe('stationRearm', () => {
  it('starts a new slot; after a run only another serial starts it again', () => {
    const record = newSlotRecord({ name: 'Slot 1', port: '1-1' });
    expect(isRearmed(record, board('A'))).toBe(true);
    record.lastProgrammed = { boardId: 'usb-1', serial: 'A' };
    expect(isRearmed(record, board('A'))).toBe(false);
    expect(isRearmed(record, board('B', 'usb-2'))).toBe(true);
    // Without serials a board cannot be told from the last one: the operator presses Program.
    record.lastProgrammed = { boardId: 'usb-1', serial: null };
    expect(isRearmed(record, board(null))).toBe(false);
    expect(isRearmed(record, board(null, 'usb-2'))).toBe(false);
  });

  it('a PASS tile shows the new board as Idle once another serial stands in the slot', () => {
    const record = newSlotRecord({ name: 'Slot 1', port: '1-1' });
    Object.assign(record, { state: 'passed', serial: 'A', boardId: 'usb-1', startedAt: 0, endedAt: 1000 });
    record.lastProgrammed = { boardId: 'usb-1', serial: 'A' };
    expect(slotView(record, board('A'), 100, 5000)).toMatchObject({
      state: 'passed',
      serial: 'A',
      elapsedMs: 1000,
    });
    expect(slotView(record, undefined, 100, 5000)).toMatchObject({ state: 'passed' });
    expect(slotView(record, board('B', 'usb-2'), 100, 5000)).toMatchObject({
      state: 'idle',
      serial: 'B',
      elapsedMs: null,
      code: null,
    });
  });
});
