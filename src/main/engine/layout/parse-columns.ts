import type { LayoutIssue } from '../../../shared/layout';
import { partitionTypeNames, type PartitionTypeName } from '../../../shared/layout';
import type { LayoutField, PartitionIp, PartitionOption, PartitionType } from './flash-layout';
import { layoutIssue } from './layout-issue';
import { readUbootInteger } from './uboot-integer';

/**
 * The six columns U-Boot reads, each parsed as its parse_option/…/parse_offset() does (spec §3), with
 * U-Boot's message quoted when it refuses the value. The Id and Offset parsers live in their own files.
 */
export interface ColumnResult<T> {
  readonly value: T | null;
  readonly issues: LayoutIssue[];
}

/** `U-Boot refuses the layout: "…"`, the form every refusal quotes U-Boot in. */
export function ubootSays(message: string): string {
  return `U-Boot refuses the layout: "${message}"`;
}

/** A hint for a value with spaces around it, or the fallback. */
export function spaceHint(text: string, fallback: string): string {
  return text.trim() !== text
    ? `Remove the space around "${text.trim()}": only TABs separate columns, a space is part of the value. ${fallback}`
    : fallback;
}

const optionHint =
  'Opt is `-` (not programmed) or P with optional E and D: P program, PE create empty, PD or PED delete first.';

export function parseOption(field: LayoutField, line: number): ColumnResult<PartitionOption> {
  const text = field.text;
  if (text === '-') return { value: { program: false, empty: false, delete: false }, issues: [] };
  const letters = { program: false, empty: false, delete: false };
  for (const [index, letter] of [...text].entries()) {
    if (letter === 'P') letters.program = true;
    else if (letter === 'E') letters.empty = true;
    else if (letter === 'D') letters.delete = true;
    else {
      const issue = layoutIssue(
        'BAD_OPTION',
        'error',
        { line, column: field.column + index },
        `Opt "${text}" has '${letter}', which is not an option letter. ${ubootSays(`Layout line ${line}: invalid option '${letter}' in ${text})`)}`,
        spaceHint(
          text,
          letter === letter.toUpperCase() ? optionHint : `Letters are upper case. ${optionHint}`,
        ),
      );
      return { value: null, issues: [issue] };
    }
  }
  if (!letters.program) {
    const issue = layoutIssue(
      'BAD_OPTION',
      'error',
      { line, column: field.column },
      `Opt "${text}" has no P. ${ubootSays(`Layout line ${line}: missing 'P' in option ${text}`)}`,
      `Write P${text} to program this partition, or - to leave it alone. ${optionHint}`,
    );
    return { value: null, issues: [issue] };
  }
  return { value: letters, issues: [] };
}

/** GPT names are at most 16 bytes (`strlen < sizeof(name)` = 17). */
export const maxNameBytes = 16;

export function parseName(field: LayoutField, line: number): ColumnResult<string> {
  const bytes = Buffer.byteLength(field.text, 'utf8');
  if (bytes <= maxNameBytes) return { value: field.text, issues: [] };
  const issue = layoutIssue(
    'NAME_TOO_LONG',
    'error',
    { line, column: field.column },
    `Name "${field.text}" is ${bytes} bytes; at most ${maxNameBytes} fit. ${ubootSays(`Layout line ${line}: partition name too long [${bytes}]: ${field.text}`)}`,
    spaceHint(
      field.text,
      `Shorten the name to ${maxNameBytes} bytes or fewer (it becomes the GPT partition name).`,
    ),
  );
  return { value: null, issues: [issue] };
}

export function parseType(field: LayoutField, line: number): ColumnResult<PartitionType> {
  const text = field.text;
  const typed = readType(text);
  if (typed !== null) return { value: typed, issues: [] };
  const sameWord = partitionTypeNames.find((name) => name.toLowerCase() === text.trim().toLowerCase());
  const suggestion = sameWord === undefined ? '' : ` Types are case-sensitive: did you mean ${sameWord}?`;
  const issue = layoutIssue(
    'BAD_TYPE',
    'error',
    { line, column: field.column },
    `Type "${text}" is not one U-Boot knows. ${ubootSays(`Layout line ${line}: type parsing error : '${text}'`)}`,
    spaceHint(text, `Use one of ${partitionTypeNames.join(', ')}, or Binary(N).${suggestion}`),
  );
  return { value: null, issues: [issue] };
}

function readType(text: string): PartitionType | null {
  if (text.startsWith('Binary')) {
    if (text.length === 6) return { name: 'Binary', copies: 1 };
    // `Binary(N)`: U-Boot checks only the parentheses and reads N with dectoul (so `Binary()` is 0 copies).
    if (text.length < 8 || text[6] !== '(' || !text.endsWith(')')) return null;
    const copies = readUbootInteger(text.slice(7), 10).value;
    return { name: 'Binary', copies: Number(copies > 0x7fffffffn ? 0x7fffffffn : copies) };
  }
  const name = partitionTypeNames.find((candidate) => candidate === text);
  return name === undefined ? null : { name: name satisfies PartitionTypeName, copies: 0 };
}

const ipPrefixes = ['mmc', 'nor', 'nand', 'spi-nand'] as const;

export function parseIp(field: LayoutField, line: number): ColumnResult<PartitionIp> {
  const text = field.text;
  const typed = readIp(text);
  if (typed !== null) return { value: typed, issues: [] };
  const issue = layoutIssue(
    'BAD_IP',
    'error',
    { line, column: field.column },
    `IP "${text}" is not a memory U-Boot knows. ${ubootSays(`Layout line ${line}: ip parsing error: '${text}'`)}`,
    spaceHint(
      text,
      'Use none (loaded by the host), or mmc, nor, nand, spi-nand followed by one digit (mmc0 SD card, mmc1 eMMC), lower case.',
    ),
  );
  return { value: null, issues: [issue] };
}

function readIp(text: string): PartitionIp | null {
  if (text === 'none') return { kind: 'none', instance: 0 };
  // Same order as parse_ip(): `ram…` is a prefix match with no digit check.
  for (const prefix of ipPrefixes) {
    if (!text.startsWith(prefix)) continue;
    const digit = text.slice(prefix.length);
    return /^[0-9]$/.test(digit) ? { kind: prefix, instance: Number(digit) } : null;
  }
  return text.startsWith('ram') ? { kind: 'ram', instance: 0 } : null;
}
