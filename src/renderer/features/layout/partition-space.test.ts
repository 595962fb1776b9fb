import { describe, expect, it } from 'vitest';
import type { LayoutPartitionReport } from '../../../shared/layout';
import { exactBytes, hexAddress, humanBytes, parseOffset, spaceOf } from './partition-space';

function line(overrides: Partial<LayoutPartitionReport>): LayoutPartitionReport {
  return {
    line: 4,
    opt: 'P',
    id: 4,
    name: 'fsbl1',
    type: 'Binary',
    ip: 'mmc0',
    offset: '0x00004400',
    binary: 'tf-a.stm32',
    size: '4400',
    room: '262144',
    ...overrides,
  };
}

describe('parseOffset', () => {
  it('reads hex with 0x (either case) and plain decimal, as U-Boot does', () => {
    expect(parseOffset('0x00004400')).toBe(0x4400n);
    expect(parseOffset('0X1f')).toBe(31n);
    expect(parseOffset('17408')).toBe(17408n);
    expect(parseOffset('0')).toBe(0n);
  });

  it('gives null for what is not an address: eMMC boot areas, octal-looking, junk', () => {
    for (const text of ['boot1', 'boot2', '0100', '0x', '', '12k', ' 0x10', '-1']) {
      expect(parseOffset(text), text).toBeNull();
    }
  });

  it('stays exact beyond 2^53', () => {
    expect(parseOffset('0x20000000000001')).toBe(2n ** 53n + 1n);
  });
});

describe('spaceOf', () => {
  it('subtracts the image from the room, and ends the partition at offset plus room', () => {
    expect(spaceOf(line({}))).toEqual({
      offset: 0x4400n,
      room: 262144n,
      image: 4400n,
      left: 262144n - 4400n,
      end: 0x4400n + 262144n,
    });
  });

  it('gives a negative room left when the image does not fit, and zero when it fills the partition exactly', () => {
    expect(spaceOf(line({ size: '262145' })).left).toBe(-1n);
    expect(spaceOf(line({ size: '262144' })).left).toBe(0n);
  });

  it('leaves unknown what is unknown: no room (last partition), no image, a boot area, a host-loaded line', () => {
    const last = spaceOf(line({ room: null }));
    expect([last.room, last.left, last.end]).toEqual([null, null, null]);
    expect(last.offset).toBe(0x4400n);
    const unread = spaceOf(line({ size: null }));
    expect([unread.image, unread.left]).toEqual([null, null]);
    expect(unread.end).toBe(0x4400n + 262144n);
    expect(spaceOf(line({ offset: 'boot1', room: null })).offset).toBeNull();
    expect(spaceOf(line({ ip: 'none', offset: '0x0', room: null })).offset).toBeNull();
  });

  it('is exact on sizes past 2^53 (a number would round them)', () => {
    const space = spaceOf(line({ room: '9007199254740993', size: '9007199254740992' }));
    expect(space.left).toBe(1n);
  });
});

describe('byte formats', () => {
  it('says a count in human units, keeping the sign of a shortfall', () => {
    expect(humanBytes(262144n)).toBe('256 KiB');
    expect(humanBytes(0n)).toBe('0 B');
    expect(humanBytes(-4194304n)).toBe('−4.0 MiB');
  });

  it('gives the exact count in decimal and hex for the tooltip', () => {
    expect(exactBytes(262144n)).toBe('262144 bytes (0x40000)');
    expect(exactBytes(-16n)).toBe('−16 bytes (−0x10)');
  });

  it('writes addresses as layouts do', () => {
    expect(hexAddress(0x4400n)).toBe('0x00004400');
    expect(hexAddress(0x1_2345_6789n)).toBe('0x123456789');
  });
});
