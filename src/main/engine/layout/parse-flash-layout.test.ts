import { describe, expect, it } from 'vitest';
import { textOf } from './flash-layout';
import { parseFlashLayout } from './parse-flash-layout';
import { validateFlashLayout } from './validate-flash-layout';
import { readUbootInteger, parseUbootInteger } from './uboot-integer';

const header = '#Opt\tId\tName\tType\tIP\tOffset\tBinary';

describe('parseFlashLayout, reading the file as U-Boot does', () => {
  it('types every column', () => {
    const { layout, issues } = parseFlashLayout(
      `${header}\nPED\t0x13\tuserfs\tFileSystem\tmmc0\t0x105984400\tst-image-userfs.ext4\n`,
    );
    expect(issues).toEqual([]);
    expect(layout.partitions).toHaveLength(1);
    const [partition] = layout.partitions;
    expect(partition).toMatchObject({
      line: 2,
      opt: { program: true, empty: true, delete: true },
      id: 0x13,
      name: 'userfs',
      type: { name: 'FileSystem', copies: 0 },
      ip: { kind: 'mmc', instance: 0 },
      offset: 0x105984400n,
      binary: 'st-image-userfs.ext4',
    });
  });

  it('reads -, boot1/boot2, none, Binary(N) and ram', () => {
    const { layout } = parseFlashLayout(
      [
        '-\t0x01\tfsbl-boot\tBinary\tnone\t0x0\tnone',
        'P\t0x04\tfsbl1\tBinary(2)\tmmc1\tboot2\tx',
        'P\t0x05\tk\tSystem\tram0\t0xC0000000\tk',
      ].join('\n'),
    );
    expect(
      layout.partitions.map((p) => [p.opt?.program, p.type?.copies, p.ip?.kind, p.offset, p.binary]),
    ).toEqual([
      [false, 1, 'none', 0n, null],
      [true, 2, 'mmc', 'boot2', 'x'],
      [true, 0, 'ram', 0xc0000000n, 'k'],
    ]);
  });

  it('treats runs of TABs and leading TABs as one separator, and reports columns where they are', () => {
    const { layout, issues } = parseFlashLayout(
      `\t\tP\t\t0x04\tfsbl1\t\tBinary\tmmc0\t\t0x4400\t\t\tx.stm32\n`,
    );
    expect(issues).toEqual([]);
    const [partition] = layout.partitions;
    expect(partition?.fields.map((f) => [f.text, f.column])).toEqual([
      ['P', 3],
      ['0x04', 6],
      ['fsbl1', 11],
      ['Binary', 18],
      ['mmc0', 25],
      ['0x4400', 31],
      ['x.stm32', 40],
    ]);
  });

  it('counts physical lines: comments, empty lines and CRLF included', () => {
    const text = `${header}\r\n\r\n# a comment\r\n\t\t# indented comment\r\n\t\r\nP\t0x10\tboot\tSystem\tmmc0\t0x4400\tboot.ext4\r\n`;
    const { layout, issues } = parseFlashLayout(text);
    expect(issues).toEqual([]);
    expect(layout.lineCount).toBe(6);
    expect(layout.partitions.map((p) => [p.line, p.binary])).toEqual([[6, 'boot.ext4']]);
    expect(layout.comments.map((c) => [c.line, c.text])).toEqual([
      [1, header],
      [3, '# a comment'],
      [4, '\t\t# indented comment'],
    ]);
  });

  it('takes # as a comment only at the start of the first non-empty column', () => {
    const { layout, issues } = parseFlashLayout(
      'P\t0x10\t#name\tSystem\tmmc0\t0x4400\tfile#1\n #not a comment\n',
    );
    expect(layout.partitions[0]?.name).toBe('#name');
    expect(layout.partitions[0]?.binary).toBe('file#1');
    expect(issues.map((i) => [i.code, i.line, i.column])).toContainEqual(['BAD_OPTION', 2, 1]);
  });

  it('reads a header line in any spelling as a comment', () => {
    const { layout, issues } = parseFlashLayout(
      '#opt\tId\tName\t\tType\t\tDevice\tOffset\t\tBinary\n-\t0x01\tfsbl\tBinary\tnone\t0x0\ta.stm32',
    );
    expect(issues).toEqual([]);
    expect(layout.partitions).toHaveLength(1);
  });

  it('reads a last line without newline', () => {
    const { layout } = parseFlashLayout(`${header}\nP\t0x10\tboot\tSystem\tmmc0\t0x4400\tboot.ext4`);
    expect(layout.partitions[0]?.binary).toBe('boot.ext4');
    expect(layout.lineCount).toBe(2);
  });

  it('ends a column at a \\r, as U-Boot turns it into the end of the string', () => {
    const { layout } = parseFlashLayout('P\t0x10\tboot\rignored\tSystem\tmmc0\t0x4400\tb\n');
    expect(layout.partitions[0]?.name).toBe('boot');
  });

  it('keeps quotes and spaces as ordinary characters', () => {
    const { layout, issues } = parseFlashLayout('P\t0x10\ta"b\tSystem\tmmc0\t0x4400\t"my file.ext4"\n');
    expect(layout.partitions[0]?.name).toBe('a"b');
    expect(layout.partitions[0]?.binary).toBe('"my file.ext4"');
    expect(issues).toEqual([]);
    const spaced = parseFlashLayout('P 0x04\tfsbl1\tBinary\tmmc0\t0x4400\tx\ty\n');
    expect(spaced.issues[0]?.message).toContain("invalid option ' ' in P 0x04)");
  });

  it('strips a UTF-8 BOM and warns', () => {
    const bytes = new Uint8Array([
      0xef,
      0xbb,
      0xbf,
      ...new TextEncoder().encode(`${header}\n-\t0x01\tf\tBinary\tnone\t0x0\tf.stm32\n`),
    ]);
    const { layout, issues } = parseFlashLayout(bytes);
    expect(layout.comments[0]?.text).toBe(header);
    expect(issues.map((i) => i.code)).toEqual(['BOM']);
  });

  it('stops at a NUL byte, as U-Boot does', () => {
    const { layout, issues } = parseFlashLayout(
      `-\t0x01\tf\tBinary\tnone\t0x0\tf\n\0\nP\t0x10\tb\tSystem\tmmc0\t0x4400\tb\n`,
    );
    expect(layout.partitions).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'NUL_BYTE', line: 2, column: 1 });
  });

  it('keeps a line with a trailing TAB as a partition and says what U-Boot would do', () => {
    const text = `P\t0x10\tboot\tSystem\tmmc0\t0x4400\tb\t\nP\t0x11\troot\tFileSystem\tmmc0\t0x80000\tr\t`;
    const { layout, issues } = parseFlashLayout(text);
    expect(layout.partitions).toHaveLength(2);
    expect(issues.map((i) => [i.code, i.line, i.column])).toEqual([
      ['TRAILING_TAB', 1, 33],
      ['TRAILING_TAB', 2, 38],
    ]);
    expect(issues[0]?.message).toContain('"P" on line 2');
    expect(issues[1]?.message).toContain('silently drops');
  });

  it('gives the text of every column through textOf, even the missing ones', () => {
    const { layout } = parseFlashLayout('P\t0x10\n');
    const [partition] = layout.partitions;
    expect(partition && [textOf(partition, 'id'), textOf(partition, 'binary')]).toEqual(['0x10', '']);
  });

  it('collects every problem of a line, not only the first, and quotes U-Boot', () => {
    const { layout, issues } = parseFlashLayout(
      'PX\t0xF1\tname-far-too-long-x\tbinary\tmmc10\t44h\tnone\nP\t0x04\n',
    );
    const all = [...issues, ...validateFlashLayout(layout)];
    expect(all.map((issue) => issue.code)).toEqual(
      expect.arrayContaining([
        'BAD_OPTION',
        'BAD_ID',
        'NAME_TOO_LONG',
        'BAD_TYPE',
        'BAD_IP',
        'BAD_OFFSET',
        'TOO_FEW_COLUMNS',
      ]),
    );
    expect(all.find((issue) => issue.code === 'BAD_OPTION')?.message).toContain(
      `U-Boot refuses the layout: "Layout line 1: invalid option 'X' in PX)"`,
    );
    expect(all.find((issue) => issue.code === 'TOO_FEW_COLUMNS')?.message).toContain(
      '"Layout line 2: no enought column"',
    );
  });
});

describe("U-Boot's number reading", () => {
  it.each([
    ['0x10', 16n],
    ['0X1f', 31n],
    ['010', 8n],
    ['0', 0n],
    ['0x', 0n],
    ['16', 16n],
    ['0xFFFFFFFFFFFFFFFF', 0xffffffffffffffffn],
  ])('%s is %s', (text, value) => {
    expect(parseUbootInteger(text)?.value).toBe(value);
  });

  it.each(['08', '0xg', '', ' 1', '1 ', '-1', '+1', '4400h'])('%j is refused', (text) => {
    expect(parseUbootInteger(text)).toBeNull();
  });

  it('reads a decimal prefix for Binary(N)', () => {
    expect(readUbootInteger('12)', 10)).toMatchObject({ value: 12n, end: 2 });
  });
});
