import type { LayoutPart } from './layout-part';
import { optionBit } from './layout-part';
import { dectoul, simpleStrtoull, strictStrtoul } from './uboot-number';

/** U-Boot's per-column parsers (`parse_option` … `parse_offset`): each fills `part` or answers the error text. */
export type ColumnParser = (line: number, text: string, part: LayoutPart) => string | null;

const PHASE_LAST_USER = 0xf0;
const NAME_SIZE = 17;

const parseOption: ColumnParser = (line, text, part) => {
  part.option = 0;
  if (text === '-') return null;
  for (const c of text) {
    if (c === 'P') part.option |= optionBit.select;
    else if (c === 'E') part.option |= optionBit.empty;
    else if (c === 'D') part.option |= optionBit.delete;
    else return `Layout line ${line}: invalid option '${c}' in ${text})`;
  }
  if ((part.option & optionBit.select) === 0) return `Layout line ${line}: missing 'P' in option ${text}`;
  return null;
};

const parseId: ColumnParser = (line, text, part) => {
  const value = strictStrtoul(text, 0);
  part.id = value ?? 0;
  if (value === null || value > PHASE_LAST_USER) return `Layout line ${line}: invalid phase value = ${text}`;
  return null;
};

const parseName: ColumnParser = (line, text, part) => {
  const length = Buffer.byteLength(text, 'latin1');
  if (length < NAME_SIZE) {
    part.name = text;
    return null;
  }
  return `Layout line ${line}: partition name too long [${length}]: ${text}`;
};

const plainTypes = ['FIP', 'FWU_MDATA', 'ENV', 'System', 'ESP', 'FileSystem', 'RawImage'] as const;

const parseType: ColumnParser = (line, text, part) => {
  part.binNb = 0;
  let ok = true;
  if (text.startsWith('Binary')) {
    part.partType = 'Binary';
    part.binNb = 1;
    if (text.length > 6) {
      if (text.length < 8 || text[6] !== '(' || !text.endsWith(')')) ok = false;
      else part.binNb = dectoul(text.slice(7));
    }
  } else {
    const type = plainTypes.find((candidate) => candidate === text);
    if (type) part.partType = type;
    else ok = false;
  }
  return ok ? null : `Layout line ${line}: type parsing error : '${text}'`;
};

const ipPrefixes = [
  ['mmc', 'mmc'],
  ['nor', 'nor'],
  ['nand', 'nand'],
  ['spi-nand', 'spi-nand'],
] as const;

const parseIp: ColumnParser = (line, text, part) => {
  part.devId = 0;
  const error = `Layout line ${line}: ip parsing error: '${text}'`;
  if (text === 'none') {
    part.target = 'none';
    return null;
  }
  if (text.startsWith('ram')) {
    part.target = 'ram';
    return null;
  }
  const match = ipPrefixes.find(([prefix]) => text.startsWith(prefix));
  if (!match) return error;
  const [prefix, target] = match;
  part.target = target;
  if (text.length !== prefix.length + 1) return error;
  const digit = text.charCodeAt(prefix.length) - 0x30;
  part.devId = digit;
  return digit >= 0 && digit <= 9 ? null : error;
};

const parseOffset: ColumnParser = (line, text, part) => {
  part.partId = 0;
  part.addr = 0;
  part.size = 0;
  if (text.startsWith('boot')) {
    if (text === 'boot1') part.partId = -1;
    else if (text === 'boot2') part.partId = -2;
    else return `Layout line ${line}: invalid part '${text}'`;
    return null;
  }
  const { value, tail } = simpleStrtoull(text, 0);
  part.addr = value;
  if (tail === 0 || tail !== text.length) return `Layout line ${line}: invalid offset '${text}'`;
  return null;
};

/** In column order: Opt, Id, Name, Type, IP, Offset (`COL_NB_STM32` = 6). */
export const columnParsers: readonly ColumnParser[] = [
  parseOption,
  parseId,
  parseName,
  parseType,
  parseIp,
  parseOffset,
];
