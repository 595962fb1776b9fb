import { stm32HeaderField, stm32HeaderVersion, stm32Magic } from '../../protocol/stm32-header';
import { columnParsers } from './layout-columns';
import type { LayoutPart } from './layout-part';

/** The result of `parse_flash_layout()`: the lines, or the first `stm32prog_err` text (null: an error without text). */
export type LayoutParse =
  { readonly ok: true; readonly parts: LayoutPart[] } | { readonly ok: false; readonly error: string | null };

const PHASE_LAST_USER = 0xf0;
const V1_HEADER_SIZE = 256;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const HASH = 0x23;

const u32 = (bytes: Uint8Array, at: number): number =>
  ((bytes[at] ?? 0) |
    ((bytes[at + 1] ?? 0) << 8) |
    ((bytes[at + 2] ?? 0) << 16) |
    ((bytes[at + 3] ?? 0) << 24)) >>>
  0;

/** `stm32prog_is_stm32_header_v1()`: magic, version 0x00010000, reserved fields and padding zero. */
export function isStm32HeaderV1(bytes: Uint8Array): boolean {
  if (bytes.length < V1_HEADER_SIZE) return false;
  if (!stm32Magic.every((byte, i) => bytes[i] === byte)) return false;
  if (u32(bytes, stm32HeaderField.headerVersion) !== stm32HeaderVersion.v1_0) return false;
  if (u32(bytes, stm32HeaderField.reserved1) !== 0 || u32(bytes, stm32HeaderField.reserved2) !== 0)
    return false;
  const padding = bytes.subarray(
    stm32HeaderField.v1Padding,
    stm32HeaderField.v1Padding + stm32HeaderField.v1PaddingLength,
  );
  return padding.every((byte) => byte === 0);
}

const emptyPart = (): LayoutPart => ({
  line: 0,
  option: 0,
  id: 0,
  name: '',
  partType: 'Binary',
  binNb: 0,
  target: 'none',
  devId: 0,
  partId: 0,
  addr: 0,
  size: 0,
  altId: -1,
});

/** A C string starting at `at` (up to the first NUL), bytes read as Latin-1 like U-Boot's `char`. */
function cString(buf: Uint8Array, at: number): string {
  let end = at;
  while (end < buf.length && buf[end] !== 0) end++;
  return Buffer.from(buf.subarray(at, end)).toString('latin1');
}

/**
 * U-Boot's `parse_flash_layout()`, ported line by line so it keeps U-Boot's rules and quirks
 * (flashlayout-tsv.md §2): optional v1 header with checksum, CR deleted, runs of TABs as one separator,
 * `#` comments only at a line's first column, 6 columns parsed, the trailing-TAB quirk, 1-based line numbers.
 */
export function parseFlashLayout(received: Uint8Array): LayoutParse {
  let data = received;
  let size = received.length;
  if (isStm32HeaderV1(received)) {
    const length = u32(received, stm32HeaderField.imageLength);
    const expected = u32(received, stm32HeaderField.imageChecksum);
    data = received.subarray(V1_HEADER_SIZE);
    size = length;
    let checksum = 0;
    for (let i = 0; i < length; i++) checksum = (checksum + (data[i] ?? 0)) >>> 0;
    if (checksum !== expected)
      return {
        ok: false,
        error: `Layout: invalid checksum : 0x${checksum.toString(16)} expected 0x${expected.toString(16)}`,
      };
  }
  if (size === 0) return { ok: false, error: null };
  const buf = new Uint8Array(size + 1);
  buf.set(data.subarray(0, size));
  const last = size;
  buf[last] = 0;

  let partListSize = 1;
  for (let p = 0; p < last && buf[p] !== 0;) {
    if (buf[p++] === LF) {
      partListSize++;
      if (p < last && buf[p] === HASH) partListSize--;
    }
  }
  if (partListSize > PHASE_LAST_USER)
    return { ok: false, error: `Layout: too many partition (${partListSize})` };

  const parts: LayoutPart[] = [];
  let part: LayoutPart | null = emptyPart();
  let line = 1;
  let eof = false;
  let p = 0;
  let col = 0;
  let endOfLine = false;
  let column = 0;
  while (!eof) {
    const c = buf[p];
    if (c === CR) {
      buf[p] = 0;
      p++;
      continue;
    } else if (c === 0) {
      endOfLine = true;
      eof = true;
    } else if (c === LF) {
      endOfLine = true;
    } else if (c === HASH && column === 0 && p === col) {
      while (p < last && buf[p] !== 0) if (buf[p++] === LF) break;
      col = p;
      line++;
      if (p >= last || buf[p] === 0) {
        eof = true;
        endOfLine = true;
      }
      continue;
    } else if (c !== TAB) {
      p++;
      continue;
    }
    buf[p] = 0;
    p++;
    if (p >= last) {
      eof = true;
      endOfLine = true;
    }
    if (buf[col] === 0) {
      col = p;
      if (column === 0 && endOfLine) {
        endOfLine = false;
        line++;
      }
      continue;
    }
    if (column < columnParsers.length && part) {
      const parse = columnParsers[column];
      const error = parse ? parse(line, cString(buf, col), part) : null;
      if (error !== null) return { ok: false, error };
      part.line = line;
    }
    column++;
    col = p;
    if (!endOfLine) continue;
    endOfLine = false;
    if (column < columnParsers.length) return { ok: false, error: `Layout line ${line}: no enought column` };
    column = 0;
    if (part) parts.push(part);
    part = emptyPart();
    line++;
    if (parts.length >= partListSize) {
      part = null;
      if (!eof) return { ok: false, error: `Layout: no enought memory for ${parts.length} part` };
    }
  }
  if (parts.length === 0) return { ok: false, error: 'Layout: no partition found' };
  return { ok: true, parts };
}
