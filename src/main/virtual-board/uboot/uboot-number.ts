/**
 * U-Boot's `lib/strto.c` number parsing, as the layout parser uses it (flashlayout-tsv.md §3.2, §3.6):
 * base 0 means `0x`/`0X` → 16 (even with no digit after, so `0x` is 0), a leading `0` → 8, else 10.
 */
export interface ParsedNumber {
  readonly value: number;
  /** Index of the first character not consumed. */
  readonly tail: number;
}

function digitValue(code: number): number | null {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x41 + 10;
  if (code >= 0x61 && code <= 0x66) return code - 0x61 + 10;
  return null;
}

/** `simple_strtoull(text, &tail, base)`. */
export function simpleStrtoull(text: string, base = 0): ParsedNumber {
  let radix = base;
  let at = 0;
  if (radix === 0) {
    if (text[0] === '0') radix = text[1]?.toLowerCase() === 'x' ? 16 : 8;
    else radix = 10;
  }
  if (radix === 16 && text[0] === '0' && text[1]?.toLowerCase() === 'x') at = 2;
  let value = 0;
  for (; at < text.length; at++) {
    const digit = digitValue(text.charCodeAt(at));
    if (digit === null || digit >= radix) break;
    value = value * radix + digit;
  }
  return { value, tail: at };
}

/** `strict_strtoul(text, base, &value)`: the whole string (or all but one final `\n`) must be a number. */
export function strictStrtoul(text: string, base = 0): number | null {
  if (text.length === 0) return null;
  const { value, tail } = simpleStrtoull(text, base);
  if (tail === 0) return null;
  if (tail === text.length || (tail === text.length - 1 && text[tail] === '\n')) return value;
  return null;
}

/** `dectoul(text, NULL)`: decimal digits from the start, 0 when there are none. */
export function dectoul(text: string): number {
  return simpleStrtoull(text, 10).value;
}
