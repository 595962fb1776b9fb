import { describe, expect, it } from 'vitest';
import { stm32HeaderField } from '../../protocol/stm32-header';
import { parseFlashLayout } from './parse-flash-layout';
import { boardLayoutText, serializeBoardLayout } from './serialize-board-layout';
import { serializeFlashLayout } from './serialize-flash-layout';

const text = [
  '#Opt\tId\tName\tType\tIP\tOffset\tBinary',
  '-\t1\tfsbl-boot\tBinary\tnone\t0x0\ttf-a.stm32',
  '',
  'PD\t0x0a\tfsbl1\t\tBinary\tmmc0\t0x00004400\ttf-a.stm32\t',
  'PE\t0x10\trootfs\tFileSystem\tmmc0\t0x00044400\tnone',
].join('\r\n');

describe('the board form (what phase 0x00 receives)', () => {
  const { layout } = parseFlashLayout(text);

  it('has six columns, Ids as 0x%02X, single TABs, LF, no comments', () => {
    expect(boardLayoutText(layout)).toBe(
      [
        '-\t0x01\tfsbl-boot\tBinary\tnone\t0x0',
        'PD\t0x0A\tfsbl1\tBinary\tmmc0\t0x00004400',
        'PE\t0x10\trootfs\tFileSystem\tmmc0\t0x00044400',
        '',
      ].join('\n'),
    );
  });

  it('sends the lines outside the selection as -', () => {
    const onlyRootfs = boardLayoutText(layout, { select: (partition) => partition.name === 'rootfs' });
    expect(onlyRootfs.split('\n').map((line) => line.split('\t')[0])).toEqual(['-', '-', 'PE', '']);
  });

  it('carries a 256-byte STM32 header v1 that U-Boot accepts', () => {
    const bytes = serializeBoardLayout(layout);
    const view = new DataView(bytes.buffer);
    const payload = bytes.subarray(256);
    expect([...bytes.subarray(0, 4)]).toEqual([0x53, 0x54, 0x4d, 0x32]);
    expect(view.getUint32(stm32HeaderField.headerVersion, true)).toBe(0x00010000);
    expect(view.getUint32(stm32HeaderField.imageLength, true)).toBe(payload.length);
    expect(view.getUint32(stm32HeaderField.optionOrExtensionFlags, true)).toBe(1);
    expect(view.getUint32(stm32HeaderField.imageChecksum, true)).toBe(
      payload.reduce((sum, b) => (sum + b) >>> 0, 0),
    );
    // reserved1, reserved2 and the padding are zero (U-Boot's stm32prog_is_stm32_header_v1).
    expect(view.getUint32(stm32HeaderField.reserved1, true)).toBe(0);
    expect(view.getUint32(stm32HeaderField.reserved2, true)).toBe(0);
    expect(
      bytes.subarray(stm32HeaderField.v1Padding, stm32HeaderField.v1Padding + 83).every((b) => b === 0),
    ).toBe(true);
  });
});

describe('the TSV writer', () => {
  it('keeps comments, empty lines and spellings; drops runs of TABs, the trailing TAB and CR', () => {
    expect(serializeFlashLayout(parseFlashLayout(text).layout)).toBe(
      [
        '#Opt\tId\tName\tType\tIP\tOffset\tBinary',
        '-\t1\tfsbl-boot\tBinary\tnone\t0x0\ttf-a.stm32',
        '',
        'PD\t0x0a\tfsbl1\tBinary\tmmc0\t0x00004400\ttf-a.stm32',
        'PE\t0x10\trootfs\tFileSystem\tmmc0\t0x00044400\tnone',
        '',
      ].join('\n'),
    );
  });

  it('writes an empty layout as an empty file', () => {
    expect(serializeFlashLayout(parseFlashLayout('').layout)).toBe('');
  });
});
