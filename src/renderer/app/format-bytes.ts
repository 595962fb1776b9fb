const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** A byte count as people read it: `1.5 MiB`, `640 KiB`, `512 B`. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** A transfer speed: `12.3 MiB/s`; a dash while unknown. */
export function formatRate(bytesPerSecond: number | null): string {
  return bytesPerSecond === null ? '–' : `${formatBytes(Math.round(bytesPerSecond))}/s`;
}
