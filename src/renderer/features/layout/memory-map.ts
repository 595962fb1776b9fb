import type { LayoutCheckReport, LayoutPartitionReport } from '../../../shared/layout';
import { exactBytes, hexAddress, humanBytes, spaceOf, type PartitionSpace } from './partition-space';

/** A stretch of a memory as the bar draws it: a partition, or bytes no line of the layout covers. */
export type MemorySegment =
  | {
      readonly kind: 'partition';
      readonly partition: LayoutPartitionReport;
      readonly space: PartitionSpace;
      readonly start: bigint;
      /** Bytes drawn: the partition's room; its image when the room is unknown (then `openEnd`). */
      readonly size: bigint;
      /** The room is unknown offline: the partition runs on to the next one or the memory's end. */
      readonly openEnd: boolean;
      /** The image is larger than the partition: it would spill into the next one. */
      readonly overflows: boolean;
    }
  | { readonly kind: 'gap'; readonly start: bigint; readonly size: bigint };

/** One memory of the layout (`mmc0`; an eMMC boot partition is its own: `mmc1 boot1`), start to last byte drawn. */
export interface MemoryMap {
  readonly memory: string;
  readonly segments: readonly MemorySegment[];
  /** The first byte after the last segment: the drawn length of the memory. */
  readonly end: bigint;
}

/** The memory a line is written to, or null for a line loaded by the host or one without a usable offset. */
function memoryOf(partition: LayoutPartitionReport): { memory: string; start: bigint } | null {
  if (partition.ip === 'none' || partition.ip === '') return null;
  if (partition.offset === 'boot1' || partition.offset === 'boot2')
    return { memory: `${partition.ip} ${partition.offset}`, start: 0n };
  const { offset } = spaceOf(partition);
  return offset === null ? null : { memory: partition.ip, start: offset };
}

/** Per memory, in the layout's order of first appearance: its partitions by address, with the gaps between. */
export function mapMemories(report: LayoutCheckReport): readonly MemoryMap[] {
  const byMemory = new Map<string, { partition: LayoutPartitionReport; start: bigint }[]>();
  for (const partition of report.layout.partitions) {
    const place = memoryOf(partition);
    if (place === null) continue;
    byMemory.set(place.memory, [...(byMemory.get(place.memory) ?? []), { partition, start: place.start }]);
  }
  return [...byMemory].map(([memory, placed]) => {
    // Array.prototype.sort is stable: equal addresses keep the file's order, as U-Boot's list_sort() does.
    const sorted = [...placed].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    const segments: MemorySegment[] = [];
    let cursor = 0n;
    for (const { partition, start } of sorted) {
      if (start > cursor) segments.push({ kind: 'gap', start: cursor, size: start - cursor });
      const space = spaceOf(partition);
      const size = space.room ?? space.image ?? 0n;
      segments.push({
        kind: 'partition',
        partition,
        space,
        start,
        size,
        openEnd: space.room === null,
        overflows: space.left !== null && space.left < 0n,
      });
      if (start + size > cursor) cursor = start + size;
    }
    return { memory, segments, end: cursor };
  });
}

/** What a segment is, in words, for its tooltip and for a screen reader: name, place and sizes. */
export function describeSegment(segment: MemorySegment): string {
  if (segment.kind === 'gap') {
    return `Not in the layout: ${humanBytes(segment.size)} (${exactBytes(segment.size)}) at ${hexAddress(segment.start)}`;
  }
  const { partition, space } = segment;
  const where = partition.offset.startsWith('boot') ? partition.offset : hexAddress(segment.start);
  const parts = [`${partition.name} at ${where}`];
  parts.push(
    space.room === null
      ? 'size: up to the next partition or the end of the memory (known only to the board)'
      : `size ${humanBytes(space.room)} (${exactBytes(space.room)})`,
  );
  parts.push(
    space.image === null
      ? 'image size unknown'
      : `image ${humanBytes(space.image)} (${exactBytes(space.image)})`,
  );
  if (space.left !== null) {
    parts.push(
      space.left < 0n
        ? `does not fit: ${humanBytes(-space.left)} too large (${exactBytes(-space.left)})`
        : `${humanBytes(space.left)} free (${exactBytes(space.left)})`,
    );
  }
  return parts.join('; ');
}

/** `part` as a fraction of `whole`, 0 to 1, to six places (bigint in, a CSS-ready number out). */
export function fractionOf(part: bigint, whole: bigint): number {
  if (whole <= 0n || part <= 0n) return 0;
  if (part >= whole) return 1;
  return Number((part * 1_000_000n) / whole) / 1_000_000;
}

/** How much of a partition's drawn length its image fills: all of it when it overflows or the room is unknown. */
export function imageFill(segment: MemorySegment): number {
  if (segment.kind === 'gap' || segment.space.image === null) return 0;
  if (segment.overflows || segment.openEnd) return 1;
  return fractionOf(segment.space.image, segment.size);
}
