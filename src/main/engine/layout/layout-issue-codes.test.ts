import { spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type LayoutIssueCode, type LayoutIssueSeverity, layoutIssueCodes } from '../../../shared/layout';
import {
  baseLayoutLines as base,
  type CheckCase,
  columnAt,
  runCheckCase,
  withLine,
} from './test-support/check-case';
import { maxLayoutLines } from './read-layout-text';
import { stm32Image, writeFipImage } from './test-support/layout-images';

interface CodeCase extends CheckCase {
  readonly title: string;
  readonly code: LayoutIssueCode;
  readonly severity: LayoutIssueSeverity;
  readonly line: number;
  readonly column: number;
}

const tsv = (lines: readonly string[]): string => `${lines.join('\n')}\n`;
const line7 = base[6];
const line7With = (index: number, value: string): string =>
  line7
    .split('\t')
    .map((part, i) => (i === index ? value : part))
    .join('\t');
const appended = (...lines: string[]): string => tsv([...base, ...lines]);

/** A case that changes column `index` of line 7 and expects the issue at column `at` of the changed line. */
function on7(
  title: string,
  code: LayoutIssueCode,
  severity: LayoutIssueSeverity,
  index: number,
  value: string,
  at = index,
  more: Partial<CodeCase> = {},
): CodeCase {
  const changed = line7With(index, value);
  return {
    title,
    code,
    severity,
    line: 7,
    column: columnAt(changed, at),
    text: tsv(withLine(7, changed)),
    ...more,
  };
}

/** A case on the unchanged base layout, expecting an issue at column `at` of line `line`. */
function onBase(
  title: string,
  code: LayoutIssueCode,
  severity: LayoutIssueSeverity,
  line: number,
  at: number,
  more: Partial<CodeCase>,
): CodeCase {
  return {
    title,
    code,
    severity,
    line,
    column: columnAt(base[line - 1] ?? '', at),
    text: tsv(base),
    ...more,
  };
}

const wholeFile = { line: 0, column: 0 } as const;
const devices = ['nor0', 'nand0', 'spi-nand0', 'mmc1', 'mmc2'].map(
  (ip, index) => `PE\t0x1${index + 1}\tp${index}\tBinary\t${ip}\t0x80000\tnone`,
);

const ddrLine = '-\t0x02\tfip-ddr\tFIP\tnone\t0x0\tddr.bin';

const cases: CodeCase[] = [
  {
    title: 'a missing file',
    code: 'LAYOUT_UNREADABLE',
    severity: 'error',
    ...wholeFile,
    text: '',
    prepare: rmLayout,
  },
  {
    title: 'a FIFO named as the layout',
    code: 'LAYOUT_NOT_A_FILE',
    severity: 'error',
    ...wholeFile,
    text: '',
    prepare: async (dir) => {
      await rmLayout(dir);
      mkfifo(path.join(dir, 'layout.tsv'));
    },
  },
  {
    title: 'more bytes than U-Boot takes',
    code: 'LAYOUT_TOO_LARGE',
    severity: 'error',
    ...wholeFile,
    text: tsv(base) + '#'.repeat(256 * 1024),
  },
  {
    title: 'more lines than any layout',
    code: 'LAYOUT_TOO_MANY_LINES',
    severity: 'error',
    ...wholeFile,
    text: tsv(base) + '\n'.repeat(maxLayoutLines),
  },
  { title: 'a UTF-8 BOM', code: 'BOM', severity: 'warning', line: 1, column: 1, text: `\uFEFF${tsv(base)}` },
  {
    title: 'a NUL byte',
    code: 'NUL_BYTE',
    severity: 'warning',
    line: 7,
    column: 3,
    text: `${tsv(base.slice(0, 6))}P\t\0${tsv(base.slice(6))}`,
  },
  {
    title: 'over 240 counted lines',
    code: 'TOO_MANY_PARTITIONS',
    severity: 'error',
    ...wholeFile,
    text: tsv(base) + '\n'.repeat(240),
  },
  { title: 'only a header', code: 'NO_PARTITION', severity: 'error', ...wholeFile, text: tsv([base[0]]) },
  {
    title: 'a trailing TAB',
    code: 'TRAILING_TAB',
    severity: 'warning',
    line: 7,
    column: line7.length + 1,
    text: tsv(withLine(7, `${line7}\t`)),
  },
  {
    title: 'five columns',
    code: 'TOO_FEW_COLUMNS',
    severity: 'error',
    line: 7,
    column: columnAt(line7, 5) - 1,
    text: tsv(withLine(7, line7.split('\t').slice(0, 5).join('\t'))),
  },
  {
    title: 'six columns',
    code: 'COLUMN_COUNT',
    severity: 'warning',
    line: 7,
    column: columnAt(line7, 6) - 1,
    text: tsv(withLine(7, line7.split('\t').slice(0, 6).join('\t'))),
  },
  {
    title: 'eight columns',
    code: 'COLUMN_COUNT',
    severity: 'warning',
    line: 7,
    column: line7.length + 2,
    text: tsv(withLine(7, `${line7}\textra`)),
  },
  on7('a space after a name', 'SPACE_AROUND_FIELD', 'warning', 2, 'rootfs '),
  { ...on7('an unknown option letter', 'BAD_OPTION', 'error', 0, 'PX'), column: 2 },
  on7('an option without P', 'BAD_OPTION', 'error', 0, 'ED'),
  on7('a reserved Id', 'BAD_ID', 'error', 1, '0xF1'),
  on7('an octal Id', 'OCTAL_ID', 'warning', 1, '020'),
  on7('a decimal Id', 'ID_NOT_HEX', 'warning', 1, '16'),
  on7('a 17-byte name', 'NAME_TOO_LONG', 'error', 2, 'rootfs-0123456789'),
  on7('a type in lower case', 'BAD_TYPE', 'error', 3, 'filesystem'),
  on7('a two-digit instance', 'BAD_IP', 'error', 4, 'mmc10'),
  on7('an offset with a suffix', 'BAD_OFFSET', 'error', 5, '4400h'),
  on7('an octal offset', 'OCTAL_OFFSET', 'warning', 5, '022042000'),
  {
    title: 'a selected IP none line',
    code: 'SELECTED_NONE',
    severity: 'error',
    line: 2,
    column: 1,
    text: tsv(withLine(2, `P${base[1].slice(1)}`)),
  },
  on7('Id 0 on a memory', 'BAD_PHASE', 'error', 1, '0x00'),
  on7('an Id used twice on a memory', 'DUPLICATE_ID', 'error', 1, '0x06'),
  {
    title: 'an Id twice among IP none lines',
    code: 'DUPLICATE_ID',
    severity: 'warning',
    line: 8,
    column: 3,
    text: appended('-\t0x03\tssbl-boot\tBinary\tnone\t0x0\tfip.bin'),
  },
  on7('a name used twice on a memory', 'DUPLICATE_NAME', 'warning', 2, 'fip'),
  {
    title: 'six memories',
    code: 'TOO_MANY_DEVICES',
    severity: 'error',
    line: 12,
    column: columnAt(devices[4] ?? '', 4),
    text: appended(...devices),
  },
  on7('Binary(2) on an SD card', 'BINARY_COPIES', 'error', 3, 'Binary(2)'),
  {
    title: 'boot1 on a NOR',
    code: 'BOOT_PARTITION_NOT_MMC',
    severity: 'error',
    line: 8,
    column: columnAt(devices[0] ?? '', 5),
    text: appended((devices[0] ?? '').replace('0x80000', 'boot1')),
  },
  on7('two partitions at one offset', 'DUPLICATE_OFFSET', 'error', 5, '0x00084400'),
  {
    title: 'an MMC offset in the GPT',
    code: 'MMC_OFFSET_LOW',
    severity: 'error',
    line: 4,
    column: columnAt(base[3], 5),
    text: tsv(withLine(4, base[3].replace('0x00004400', '0x00000400'))),
  },
  on7('an MMC offset off 512', 'MMC_OFFSET_ALIGNMENT', 'error', 5, '0x00484401'),
  on7('a RawImage offset', 'RAW_IMAGE_OFFSET', 'warning', 3, 'RawImage', 5),
  {
    title: 'no FSBL line',
    code: 'MISSING_FSBL',
    severity: 'warning',
    ...wholeFile,
    text: tsv(withLine(2, null)),
  },
  {
    title: 'no SSBL line',
    code: 'MISSING_SSBL',
    severity: 'warning',
    ...wholeFile,
    text: tsv(withLine(3, null)),
  },
  on7('a programmed line without binary', 'MISSING_BINARY', 'error', 6, 'none'),
  on7('PE with a binary', 'EMPTY_WITH_BINARY', 'warning', 0, 'PE', 6),
  on7('a path out of the folder', 'PATH_OUTSIDE_LAYOUT_DIR', 'warning', 6, '../rootfs.ext4'),
  onBase('a missing image that is sent', 'BINARY_NOT_FOUND', 'error', 7, 6, {
    files: { 'rootfs.ext4': null },
  }),
  on7('a missing image not sent', 'BINARY_NOT_FOUND', 'warning', 0, '-', 6, {
    files: { 'rootfs.ext4': null },
  }),
  onBase('a FIFO named as an image', 'BINARY_NOT_A_FILE', 'error', 7, 6, {
    files: { 'rootfs.ext4': null },
    prepare: async (dir) => mkfifo(path.join(dir, 'rootfs.ext4')),
  }),
  on7('a character device named as an image not sent', 'BINARY_NOT_A_FILE', 'warning', 0, '-', 6, {
    text: tsv(withLine(7, line7With(6, '/dev/zero').replace(/^P/, '-'))),
  }),
  onBase('an image larger than its partition', 'BINARY_TOO_LARGE', 'error', 6, 6, {
    prepare: (dir) => writeFipImage(path.join(dir, 'fip.bin'), 0x400001),
  }),
  onBase('an FSBL without header', 'BAD_STM32_HEADER', 'error', 2, 6, {
    files: { 'tf-a-usb.stm32': new Uint8Array(600) },
  }),
  onBase('a partition image without header', 'BAD_STM32_HEADER', 'warning', 4, 6, {
    files: { 'tf-a-sdcard.stm32': new Uint8Array(600) },
  }),
  onBase('an FSBL with a wrong checksum', 'STM32_CHECKSUM', 'error', 2, 6, {
    files: { 'tf-a-usb.stm32': stm32Image({ version: 'v1_0', badChecksum: true }) },
  }),
  onBase('an MP15 FSBL for --soc mp13', 'STM32_HEADER_VERSION', 'error', 2, 6, { options: { soc: 'mp13' } }),
  onBase('images of two SoCs', 'STM32_HEADER_VERSION', 'warning', 4, 6, {
    files: { 'tf-a-sdcard.stm32': stm32Image({ version: 'v2_0' }) },
  }),
  on7('an ENV partition', 'TYPE_NEEDS_NEWER_UBOOT', 'warning', 3, 'ENV'),
  onBase('an MP15 FSBL over the ROM limit', 'FSBL_TOO_LARGE', 'error', 2, 6, {
    files: { 'tf-a-usb.stm32': stm32Image({ version: 'v1_0', payloadBytes: 0x3db01 }) },
  }),
  onBase('an SSBL that is neither FIP nor .stm32', 'SSBL_NOT_FIP_OR_STM32', 'error', 3, 6, {
    files: { 'fip.bin': new Uint8Array(1024).fill(1) },
  }),
  {
    title: 'a DDR firmware that is not a FIP',
    code: 'DDR_FIRMWARE_NOT_FIP',
    severity: 'error',
    line: 3,
    column: columnAt(ddrLine, 6),
    text: tsv([...base.slice(0, 2), ddrLine, ...base.slice(2)]),
    files: { 'ddr.bin': stm32Image({ version: 'v2_2' }) },
  },
];

function mkfifo(file: string): void {
  const made = spawnSync('mkfifo', [file]);
  if (made.status !== 0) throw new Error(`mkfifo ${file}: ${String(made.stderr)}`);
}

async function rmLayout(dir: string): Promise<void> {
  await rm(path.join(dir, 'layout.tsv'));
}

describe('layout issue codes', () => {
  it('the base layout has no issue at all', async () => {
    const report = await runCheckCase({ text: tsv(base) });
    expect(report.issues).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it.each(cases)('$code: $title', async (testCase) => {
    const report = await runCheckCase(testCase);
    const found = report.issues.filter((issue) => issue.code === testCase.code);
    expect(found, JSON.stringify(report.issues, null, 1)).toContainEqual(
      expect.objectContaining({ severity: testCase.severity, line: testCase.line, column: testCase.column }),
    );
    for (const issue of found) expect(issue.hint.length).toBeGreaterThan(10);
    expect(report.ok).toBe(!report.issues.some((issue) => issue.severity === 'error'));
  });

  it('has a case for every code', () => {
    const covered = new Set(cases.map((testCase) => testCase.code));
    expect(layoutIssueCodes.filter((code) => !covered.has(code))).toEqual([]);
  });
});
