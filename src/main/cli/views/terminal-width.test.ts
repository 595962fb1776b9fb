import { describe, expect, it } from 'vitest';
import { fitToWidth, wrapToWidth } from './terminal-width';

describe('terminal width', () => {
  it('fitToWidth cuts a line to the width with an ellipsis, and leaves a short one alone', () => {
    expect(fitToWidth('[#####] 0x23 rootfs 64.00 KiB/64.00 KiB', 20)).toBe('[#####] 0x23 rootfs…');
    expect([...fitToWidth('x'.repeat(100), 59)]).toHaveLength(59);
    expect(fitToWidth('short', 20)).toBe('short');
  });

  it('wrapToWidth breaks at spaces, indents the following rows, and cuts a word longer than a row', () => {
    const rows = wrapToWidth('1. Use a short data cable straight into a port of the computer (no hub).', 30);
    expect(rows).toEqual([
      '1. Use a short data cable',
      '  straight into a port of the',
      '  computer (no hub).',
    ]);
    expect(rows.every((row) => row.length <= 30)).toBe(true);
    const long = wrapToWidth(`see ${'a'.repeat(50)}`, 20);
    expect(long.every((row) => row.length <= 20)).toBe(true);
    expect(long.join('').replace(/ /g, '')).toBe(`see${'a'.repeat(50)}`);
    expect(wrapToWidth('', 20)).toEqual(['']);
  });
});
