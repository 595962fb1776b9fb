import { describe, expect, it } from 'vitest';
import { matchBoard } from './board-matching';

const s1 = '0036004A3338510939303401';
const s2 = '0036004A3338510939303402';

describe('which board a device is (the rows of board-matching.ts)', () => {
  it('row 1: a different serial is never this board, not even on its own slot', () => {
    expect(matchBoard({ serial: s1, slot: '1-1' }, { serial: s2, slot: '1-1' })).toBeNull();
    expect(matchBoard({ serial: s1, slot: '1-1' }, { serial: s2, slot: '1-2' })).toBeNull();
  });

  it('row 2: the same serial is this board on any slot', () => {
    expect(matchBoard({ serial: s1, slot: '1-1' }, { serial: s1, slot: '1-1' })).toBe('serial');
    expect(matchBoard({ serial: s1, slot: '1-1' }, { serial: s1, slot: '3-4.2' })).toBe('serial');
  });

  it('row 3: a device without a (readable) serial is this board only on its slot', () => {
    expect(matchBoard({ serial: s1, slot: '1-1' }, { serial: null, slot: '1-1' })).toBe('slot');
    expect(matchBoard({ serial: s1, slot: '1-1' }, { serial: null, slot: '1-2' })).toBeNull();
  });

  it('row 4: a board without a serial is matched by its slot only, so neighbours never swap', () => {
    expect(matchBoard({ serial: null, slot: '1-1' }, { serial: null, slot: '1-1' })).toBe('slot');
    expect(matchBoard({ serial: null, slot: '1-1' }, { serial: null, slot: '1-2' })).toBeNull();
    expect(matchBoard({ serial: null, slot: '1-1' }, { serial: s1, slot: '1-1' })).toBe('slot');
    expect(matchBoard({ serial: null, slot: '1-2' }, { serial: s1, slot: '1-1' })).toBeNull();
  });
});
