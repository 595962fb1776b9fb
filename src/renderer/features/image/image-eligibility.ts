import type { LayoutCheckReport } from '../../../shared/layout';

/** Why no SD-card image can be made of this layout; null when it can (valid, and writes only SD/eMMC). */
export function imageBlocker(report: LayoutCheckReport | null): string | null {
  if (report === null) return 'Open a layout first.';
  if (!report.ok) return 'The layout has errors.';
  const memories = new Set(
    report.layout.partitions.map((partition) => partition.ip).filter((ip) => ip !== 'none' && ip !== ''),
  );
  if (memories.size === 0) return 'The layout writes to no memory.';
  const other = [...memories].find((ip) => !/^mmc\d+$/.test(ip));
  if (other !== undefined) return `An image is of SD/eMMC only; this layout writes to ${other}.`;
  return null;
}

const gib = 2 ** 30;

/** A size field's text (GiB, e.g. `8` or `3.5`) as bytes, a multiple of 512; null when it is not one. */
export function cardBytesOf(text: string): number | null {
  const value = Number(text.trim());
  if (!Number.isFinite(value) || value <= 0 || value > 2048) return null;
  return Math.floor((value * gib) / 512) * 512;
}

export function formatBytes(bytes: number): string {
  if (bytes >= gib) return `${(bytes / gib).toFixed(bytes % gib === 0 ? 0 : 2)} GiB`;
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
