import { describe, expect, it } from 'vitest';
import { fileNameOf, imagePathOf, middleEllipsis, splitForEllipsis } from './middle-ellipsis';

const name = 'tf-a-stm32mp157c-dk2-trusted.stm32';

describe('middleEllipsis', () => {
  it('leaves a name that fits as it is', () => {
    expect(middleEllipsis(name, name.length)).toBe(name);
    expect(middleEllipsis(name, 100)).toBe(name);
  });

  it('cuts the middle: the start and the end stay, the end gets the odd character', () => {
    expect(middleEllipsis(name, 31)).toBe('tf-a-stm32mp157…2-trusted.stm32');
    expect(middleEllipsis(name, 30)).toBe('tf-a-stm32mp15…2-trusted.stm32');
    expect(middleEllipsis('abcdefghij', 5)).toBe('ab…ij');
    expect(middleEllipsis('abcdefghij', 6)).toBe('ab…hij');
  });

  it('is never longer than asked, whatever the length', () => {
    for (let max = 0; max <= name.length + 2; max += 1) {
      const short = middleEllipsis(name, max);
      expect([...short].length, `max ${max}`).toBe(Math.min(max, name.length));
      if (max < name.length && max > 1) {
        const [head = '', tail = ''] = short.split('…');
        expect(name.startsWith(head) && name.endsWith(tail), short).toBe(true);
      }
    }
  });

  it('counts characters, not UTF-16 units: never splits a character in two', () => {
    expect(middleEllipsis('😀😀😀😀😀😀', 5)).toBe('😀😀…😀😀');
    expect(middleEllipsis('😀😀😀', 3)).toBe('😀😀😀');
  });

  it('keeps only the ellipsis when there is room for nothing else', () => {
    expect(middleEllipsis(name, 1)).toBe('…');
    expect(middleEllipsis(name, 0)).toBe('');
  });
});

describe('splitForEllipsis', () => {
  it('splits off a tail that always shows; the head is what a narrow cell cuts', () => {
    expect(splitForEllipsis(name, 48, 14)).toEqual({ head: 'tf-a-stm32mp157c-dk2', tail: '-trusted.stm32' });
    expect(splitForEllipsis('short.bin', 48, 14)).toEqual({ head: '', tail: 'short.bin' });
  });

  it('shortens in the middle first when the name is longer than the cap', () => {
    const { head, tail } = splitForEllipsis(name, 21, 6);
    expect(`${head}${tail}`).toBe('tf-a-stm32…sted.stm32');
    expect(tail).toBe('.stm32');
  });
});

describe('fileNameOf and imagePathOf', () => {
  it('takes the last component with either separator', () => {
    expect(fileNameOf('arm-trusted-firmware/tf-a.stm32')).toBe('tf-a.stm32');
    expect(fileNameOf('images\\u-boot.stm32')).toBe('u-boot.stm32');
    expect(fileNameOf('rootfs.ext4')).toBe('rootfs.ext4');
  });

  it('puts a relative binary under the images folder, and leaves an absolute one alone', () => {
    expect(imagePathOf('/srv/images', 'arm/tf-a.stm32')).toBe('/srv/images/arm/tf-a.stm32');
    expect(imagePathOf('/srv/images/', 'tf-a.stm32')).toBe('/srv/images/tf-a.stm32');
    expect(imagePathOf('C:\\images', 'tf-a.stm32')).toBe('C:\\images\\tf-a.stm32');
    expect(imagePathOf('/srv/images', '/opt/tf-a.stm32')).toBe('/opt/tf-a.stm32');
    expect(imagePathOf('/srv', 'D:\\tf-a.stm32')).toBe('D:\\tf-a.stm32');
  });
});
