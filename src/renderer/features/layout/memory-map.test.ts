import { describe, expect, it } from 'vitest';
import type { LayoutCheckReport, LayoutPartitionReport } from '../../../shared/layout';
import { describeSegment, fractionOf, imageFill, mapMemories, type MemorySegment } from './memory-map';

let nextLine = 2;
function part(
  name: string,
  ip: string,
  offset: string,
  size: number | null,
  room: number | null,
): LayoutPartitionReport {
  nextLine += 1;
  return {
    line: nextLine,
    opt: 'P',
    id: nextLine,
    name,
    type: 'Binary',
    ip,
    offset,
    binary: `${name}.bin`,
    size: size === null ? null : String(size),
    room: room === null ? null : String(room),
  };
}

function report(partitions: LayoutPartitionReport[]): LayoutCheckReport {
  return { ok: true, layout: { path: '/l.tsv', baseDir: '/', partitions }, issues: [] };
}

const summary = (segment: MemorySegment) =>
  segment.kind === 'gap'
    ? `gap ${segment.start}+${segment.size}`
    : `${segment.partition.name} ${segment.start}+${segment.size}${segment.openEnd ? ' open' : ''}${segment.overflows ? ' overflows' : ''}`;

describe('mapMemories', () => {
  it('draws each memory from 0: the gap before the first partition, then partitions by address', () => {
    const maps = mapMemories(
      report([
        part('fsbl1-boot', 'none', '0x0', 100, null),
        // Out of address order in the file: the bar follows the memory, as U-Boot sorts it.
        part('ssbl', 'mmc0', '0x00084400', 1000, 0x200000),
        part('fsbl1', 'mmc0', '0x00004400', 4400, 0x40000),
        part('fsbl2', 'mmc0', '0x00044400', 4400, 0x40000),
        part('rootfs', 'mmc0', '0x00284400', 5000, null),
      ]),
    );
    expect(maps.map((map) => map.memory)).toEqual(['mmc0']);
    expect(maps[0]?.segments.map(summary)).toEqual([
      'gap 0+17408',
      'fsbl1 17408+262144',
      'fsbl2 279552+262144',
      'ssbl 541696+2097152',
      // The last partition's room is unknown offline: drawn as far as its image, open at the end.
      'rootfs 2638848+5000 open',
    ]);
    expect(maps[0]?.end).toBe(2638848n + 5000n);
  });

  it('shows a hole between partitions as a gap, and an image larger than its partition as overflowing', () => {
    const [map] = mapMemories(
      report([
        part('a', 'nor0', '0x0', 300, 0x100),
        part('b', 'nor0', '0x200', 10, 0x100),
        part('c', 'nor0', '0x301', 1, null),
      ]),
    );
    expect(map?.segments.map(summary)).toEqual([
      'a 0+256 overflows',
      'gap 256+256',
      'b 512+256',
      'gap 768+1',
      'c 769+1 open',
    ]);
  });

  it('keeps memories apart, each eMMC boot area its own, and leaves out host-loaded and unplaceable lines', () => {
    const maps = mapMemories(
      report([
        part('fsbl-boot', 'none', '0x0', 1, null),
        part('fsbla1', 'mmc1', 'boot1', 200, null),
        part('fsbla2', 'mmc1', 'boot2', 200, null),
        part('env', 'nor0', '0x00080000', 10, null),
        part('rootfs', 'mmc1', '0x00080200', 300, null),
        part('broken', 'mmc1', 'nowhere', 1, null),
      ]),
    );
    expect(maps.map((map) => `${map.memory}: ${map.segments.map(summary).join(', ')}`)).toEqual([
      'mmc1 boot1: fsbla1 0+200 open',
      'mmc1 boot2: fsbla2 0+200 open',
      'nor0: gap 0+524288, env 524288+10 open',
      'mmc1: gap 0+524800, rootfs 524800+300 open',
    ]);
  });

  it('has no memory for a layout that writes none', () => {
    expect(mapMemories(report([part('fsbl1-boot', 'none', '0x0', 1, null)]))).toEqual([]);
  });
});

describe('what a segment draws and says', () => {
  const [map] = mapMemories(
    report([
      part('fsbl1', 'mmc0', '0x00004400', 65536, 0x40000),
      part('teeh', 'mmc0', '0x00044400', 0x40001, 0x40000),
      part('rootfs', 'mmc0', '0x00084400', null, null),
    ]),
  );
  const [gap, fsbl1, teeh, rootfs] = map?.segments ?? [];

  it('fills a partition as far as its image goes; all of an overflowing or open-ended one', () => {
    expect(fsbl1 && imageFill(fsbl1)).toBe(0.25);
    expect(teeh && imageFill(teeh)).toBe(1);
    expect(rootfs && imageFill(rootfs)).toBe(0);
    expect(gap && imageFill(gap)).toBe(0);
  });

  it('says name, place, size, image and room left in human units with the exact bytes', () => {
    expect(fsbl1 && describeSegment(fsbl1)).toBe(
      'fsbl1 at 0x00004400; size 256 KiB (262144 bytes (0x40000)); image 64 KiB (65536 bytes (0x10000)); 192 KiB free (196608 bytes (0x30000))',
    );
    expect(teeh && describeSegment(teeh)).toContain('does not fit: 1 B too large (1 bytes (0x1))');
    expect(rootfs && describeSegment(rootfs)).toBe(
      'rootfs at 0x00084400; size: up to the next partition or the end of the memory (known only to the board); image size unknown',
    );
    expect(gap && describeSegment(gap)).toBe(
      'Not in the layout: 17 KiB (17408 bytes (0x4400)) at 0x00000000',
    );
  });

  it('scales a share between 0 and 1', () => {
    expect(fractionOf(1n, 4n)).toBe(0.25);
    expect(fractionOf(5n, 4n)).toBe(1);
    expect(fractionOf(0n, 4n)).toBe(0);
    expect(fractionOf(1n, 0n)).toBe(0);
    expect(fractionOf(1n, 3_000_000n)).toBe(0);
  });
});
