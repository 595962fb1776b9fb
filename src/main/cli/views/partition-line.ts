import type { PartitionProgressEvent } from '../../../shared/program-events';
import { formatBytes } from '../commands/check-command';

export const hex2 = (id: number): string => `0x${id.toString(16).padStart(2, '0')}`;

export const bytesText = (bytes: number): string => formatBytes(BigInt(Math.max(0, Math.round(bytes))));

/** `[####......]`: `cells` cells, filled in proportion. */
export function bar(fraction: number, cells: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * cells);
  return `[${'#'.repeat(filled)}${'.'.repeat(cells - filled)}]`;
}

/** A bar followed by `text`, the bar taking what the text leaves of `width` (from 10 to 24 cells). */
export function barLine(fraction: number, text: string, width: number): string {
  const cells = Math.min(24, Math.max(10, width - [...text].length - 3));
  return `${bar(fraction, cells)} ${text}`;
}

/** A partition in flight: its bar, bytes sent of its size, speed and ETA (the session's, for this partition). */
export function partitionBarLine(event: PartitionProgressEvent, width: number): string {
  const speed = event.bytesPerSecond === null ? '' : ` ${bytesText(event.bytesPerSecond)}/s`;
  const eta = event.etaSeconds === null ? '' : ` ETA ${Math.ceil(event.etaSeconds)} s`;
  const verifying = event.step === 'verify' ? 'verifying ' : '';
  const text = `${verifying}${hex2(event.partitionId)} ${event.name} ${bytesText(event.bytes)}/${bytesText(event.total)}${speed}${eta}`;
  return barLine(event.total === 0 ? 1 : event.bytes / event.total, text, width);
}

/** A finished partition, once: id, name, size and the time it took, columns aligned (`OK` follows it). */
export function finishedPartitionLine(id: number, name: string, bytes: number, seconds: number): string {
  return `${hex2(id)} ${name.padEnd(14)} ${bytesText(bytes).padStart(10)} ${`${seconds.toFixed(1)} s`.padStart(7)}`;
}
