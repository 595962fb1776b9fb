import type { LayoutPartitionReport } from '../../../shared/layout';
import { formatBytes } from '../../app/format-bytes';

/**
 * Where a partition lies on its memory and how much of it its image fills, in exact bytes (bigint: offsets and
 * sizes travel as text, exact beyond 2^53). U-Boot sizes a partition from the next one's offset; the check
 * reports that as `room`, null where it cannot be known offline (the last partition of a memory, whose end is
 * the memory's end; eMMC boot partitions; RawImage lines).
 */
export interface PartitionSpace {
  /** The address on the memory; null for `boot1`/`boot2`, host-loaded lines and offsets that do not parse. */
  readonly offset: bigint | null;
  /** The partition's size on its memory (the report's `room`). */
  readonly room: bigint | null;
  /** The image's size in bytes (the report's `size`). */
  readonly image: bigint | null;
  /** Room left after the image: negative when the image does not fit; null unless room and image are known. */
  readonly left: bigint | null;
  /** The first address after the partition (offset plus room). */
  readonly end: bigint | null;
}

/** An Offset column's address as U-Boot reads it: hex with `0x`, or decimal; null for anything else. */
export function parseOffset(text: string): bigint | null {
  if (/^0x[0-9a-f]+$/i.test(text)) return BigInt(text);
  if (/^(0|[1-9]\d*)$/.test(text)) return BigInt(text);
  return null;
}

function parseCount(text: string | null): bigint | null {
  return text !== null && /^\d+$/.test(text) ? BigInt(text) : null;
}

/** The space arithmetic of one line of the layout. */
export function spaceOf(partition: LayoutPartitionReport): PartitionSpace {
  const offset = partition.ip === 'none' ? null : parseOffset(partition.offset);
  const room = parseCount(partition.room);
  const image = parseCount(partition.size);
  return {
    offset,
    room,
    image,
    left: room !== null && image !== null ? room - image : null,
    end: offset !== null && room !== null ? offset + room : null,
  };
}

/** A byte count as people read it (`1.5 MiB`); a negative count keeps its sign (`−1.5 MiB`). */
export function humanBytes(bytes: bigint): string {
  return bytes < 0n ? `−${formatBytes(Number(-bytes))}` : formatBytes(Number(bytes));
}

/** The exact count, as a tooltip says it: `262144 bytes (0x40000)`. */
export function exactBytes(bytes: bigint): string {
  const sign = bytes < 0n ? '−' : '';
  const magnitude = bytes < 0n ? -bytes : bytes;
  return `${sign}${magnitude} bytes (${sign}0x${magnitude.toString(16)})`;
}

/** An address in hex, 8 digits at least, as layouts write them: `0x00004400`. */
export function hexAddress(address: bigint): string {
  return `0x${address.toString(16).toUpperCase().padStart(8, '0')}`;
}
