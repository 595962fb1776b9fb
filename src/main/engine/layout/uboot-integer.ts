/**
 * Numbers as U-Boot's lib/strto.c reads them (simple_strtoull / strict_strtoul with base 0, spec §3.2, §3.6):
 * `0x`/`0X` = hex (and `0x` alone is 0), a leading `0` = octal, otherwise decimal; no sign, no spaces.
 * Parsed as bigint so a 64-bit offset stays exact.
 */
export interface UbootInteger {
  readonly value: bigint;
  readonly radix: 8 | 10 | 16;
  /** Index of the first character not consumed. */
  readonly end: number;
}

function digitValue(char: string): number {
  const code = char.toLowerCase().charCodeAt(0);
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x61 && code <= 0x66) return code - 0x61 + 10;
  return 99;
}

/** Reads the longest number at the start of `text`, as `_parse_integer_fixup_radix` then the digit loop do. */
export function readUbootInteger(text: string, base: 0 | 10 = 0): UbootInteger {
  let radix: 8 | 10 | 16 = 10;
  let index = 0;
  if (text[0] === '0') {
    if (text[1]?.toLowerCase() === 'x') {
      radix = 16;
      index = 2;
    } else if (base === 0) {
      radix = 8;
    }
  }
  let value = 0n;
  const big = BigInt(radix);
  for (; index < text.length; index++) {
    const digit = digitValue(text[index] ?? '');
    if (digit >= radix) break;
    value = value * big + BigInt(digit);
  }
  return { value, radix, end: index };
}

/** The whole text as one number (U-Boot's `tail != p && *tail == '\0'`), or null. */
export function parseUbootInteger(text: string): UbootInteger | null {
  const read = readUbootInteger(text);
  return read.end > 0 && read.end === text.length ? read : null;
}

/** How ST's host tool reads an Id: `strtoul(text, NULL, 16)` (spec §8); null when it reads no digit. */
export function hostToolId(text: string): number | null {
  const match = /^\s*(?:0[xX])?([0-9a-fA-F]+)/.exec(text);
  return match?.[1] === undefined ? null : Number.parseInt(match[1], 16);
}
