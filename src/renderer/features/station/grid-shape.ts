export interface GridShape {
  readonly columns: number;
  readonly rows: number;
}

/**
 * Columns and rows for `count` tiles on a landscape screen (16:9 to 16:10, 1920×1080 down to 1280×800):
 * as few rows and columns as hold them, tiles wider than tall, so each tile is as large as fits.
 * 4 → 2×2, 6 → 3×2, 8 → 4×2, 9 → 3×3, 12 → 4×3, 16 → 4×4.
 */
export function gridShape(count: number): GridShape {
  const n = Math.max(1, count);
  const columns =
    n <= 2
      ? n
      : n <= 4
        ? 2
        : n <= 6
          ? 3
          : n <= 8
            ? 4
            : n <= 9
              ? 3
              : n <= 16
                ? 4
                : Math.ceil(Math.sqrt(n * 1.6));
  const rows = Math.ceil(n / columns);
  // With the rows known, the fewest columns that still hold every tile (no spare column).
  return { columns: Math.ceil(n / rows), rows };
}
