import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stm32Image } from '../conformance/test-images';
import { fixtureLayoutsDir } from '../conformance/fixture-layout';
import { stm32HeaderField } from '../../protocol/stm32-header';
import { parseFlashLayout } from './layout-parser';
import { simpleStrtoull, strictStrtoul } from './uboot-number';

const parse = (text: string) => parseFlashLayout(new TextEncoder().encode(text));
const error = (text: string): string | null => {
  const result = parse(text);
  return result.ok ? null : result.error;
};
const line = 'P\t0x04\tfsbl1\tBinary\tmmc0\t0x00004400\tfile';

describe("the board's U-Boot layout parser (flashlayout-tsv.md §2, §3)", () => {
  it('parses the six columns and ignores the seventh', () => {
    const result = parse(`#Opt\tId\n${line}\n`);
    expect(result).toMatchObject({
      ok: true,
      parts: [{ line: 2, option: 1, id: 4, name: 'fsbl1', target: 'mmc', devId: 0, addr: 0x4400 }],
    });
  });

  it('treats runs of TABs as one separator, drops CR, and parses a last line without newline', () => {
    expect(parse('P\t\t0x10\tx\tBinary\t\tmmc0\t0x4400\r\nP\t0x11\ty\tBinary\tmmc0\t0x8400')).toMatchObject({
      ok: true,
      parts: [{ id: 0x10 }, { id: 0x11 }],
    });
  });

  it('keeps U-Boot messages and physical line numbers', () => {
    expect(error(`#c\nP 0x04\tfsbl1\tBinary\tmmc0\t0x4400\n`)).toBe(
      "Layout line 2: invalid option ' ' in P 0x04)",
    );
    expect(error('E\t0x04\tf\tBinary\tmmc0\t0x4400\n')).toBe("Layout line 1: missing 'P' in option E");
    expect(error('P\t0xf1\tf\tBinary\tmmc0\t0x4400\n')).toBe('Layout line 1: invalid phase value = 0xf1');
    expect(error('P\t0x04\tabcdefghijklmnopq\tBinary\tmmc0\t0x4400\n')).toBe(
      'Layout line 1: partition name too long [17]: abcdefghijklmnopq',
    );
    expect(error('P\t0x04\tf\tbinary\tmmc0\t0x4400\n')).toBe("Layout line 1: type parsing error : 'binary'");
    expect(error('P\t0x04\tf\tBinary\tmmc10\t0x4400\n')).toBe("Layout line 1: ip parsing error: 'mmc10'");
    expect(error('P\t0x04\tf\tBinary\tmmc0\tboot3\n')).toBe("Layout line 1: invalid part 'boot3'");
    expect(error('P\t0x04\tf\tBinary\tmmc0\t4400h\n')).toBe("Layout line 1: invalid offset '4400h'");
    expect(error('P\t0x04\tf\tBinary\tmmc0\n')).toBe('Layout line 1: no enought column');
    expect(error('#only a comment\n')).toBe('Layout: no partition found');
    expect(error('')).toBeNull();
  });

  it('has the trailing-TAB quirk: the next line is swallowed and mis-parsed', () => {
    expect(error(`${line}\t\nP\t0x05\tf2\tBinary\tmmc0\t0x44400\n`)).toBe(
      "Layout line 2: invalid option '0' in 0x05)",
    );
  });

  it('reads ids and offsets with base 0: octal, hex, and `0x` alone as 0', () => {
    expect(strictStrtoul('010')).toBe(8);
    expect(strictStrtoul('0x')).toBe(0);
    expect(strictStrtoul('08')).toBeNull();
    expect(simpleStrtoull('0x105984400')).toEqual({ value: 0x105984400, tail: 11 });
    expect(parse('P\t010\tf\tBinary(x)\tram\t0x0\n')).toMatchObject({
      ok: true,
      parts: [{ id: 8, binNb: 0, target: 'ram' }],
    });
  });

  it('accepts a layout behind a v1 STM32 header and checks its checksum', () => {
    const text = new TextEncoder().encode(`${line}\n`);
    const image = stm32Image('v1_0', 256 + text.length);
    image.set(text, 256);
    const view = new DataView(image.buffer);
    let sum = 0;
    for (const byte of text) sum += byte;
    view.setUint32(stm32HeaderField.imageChecksum, sum, true);
    expect(parseFlashLayout(image)).toMatchObject({ ok: true, parts: [{ name: 'fsbl1' }] });
    view.setUint32(stm32HeaderField.imageChecksum, sum + 1, true);
    expect(parseFlashLayout(image)).toEqual({
      ok: false,
      error: `Layout: invalid checksum : 0x${sum.toString(16)} expected 0x${(sum + 1).toString(16)}`,
    });
  });

  it('parses every fixture layout', async () => {
    const files = (await readdir(fixtureLayoutsDir)).filter((name) => name.endsWith('.tsv'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const result = parseFlashLayout(new Uint8Array(await readFile(join(fixtureLayoutsDir, file))));
      expect(result.ok, file).toBe(true);
    }
  });
});
