import { describe, expect, it } from 'vitest';
import { gridShape } from './grid-shape';

describe('gridShape', () => {
  it('lays 4 to 16 tiles out in as few landscape rows and columns as hold them', () => {
    expect(gridShape(4)).toEqual({ columns: 2, rows: 2 });
    expect(gridShape(6)).toEqual({ columns: 3, rows: 2 });
    expect(gridShape(8)).toEqual({ columns: 4, rows: 2 });
    expect(gridShape(9)).toEqual({ columns: 3, rows: 3 });
    expect(gridShape(12)).toEqual({ columns: 4, rows: 3 });
    expect(gridShape(16)).toEqual({ columns: 4, rows: 4 });
  });

  it('always holds every tile, without a spare row or column', () => {
    for (let count = 1; count <= 32; count += 1) {
      const { columns, rows } = gridShape(count);
      expect(columns * rows).toBeGreaterThanOrEqual(count);
      expect((columns - 1) * rows).toBeLessThan(count);
      expect(columns * (rows - 1)).toBeLessThan(count);
      expect(columns).toBeGreaterThanOrEqual(rows);
    }
  });
});
