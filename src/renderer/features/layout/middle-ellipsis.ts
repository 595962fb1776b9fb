/**
 * File names shortened in the middle, so both the start (the component: `tf-a-stm32mp157c`) and the end (the
 * variant and extension: `-trusted.stm32`) stay readable; the full path is the tooltip.
 */

/** `text` in at most `max` characters (code points), the middle replaced by one `…`; unchanged when it fits. */
export function middleEllipsis(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  if (max <= 1) return '…'.slice(0, Math.max(0, max));
  const kept = max - 1;
  // The end carries the variant and the extension: it gets the odd character.
  const tail = Math.ceil(kept / 2);
  const head = kept - tail;
  return `${chars.slice(0, head).join('')}…${chars.slice(chars.length - tail).join('')}`;
}

/**
 * A name split for a cell that shortens it to fit: the head may be cut (CSS ends it with `…`), the tail never
 * is. Names longer than `max` are first shortened in the middle by `middleEllipsis`.
 */
export function splitForEllipsis(
  text: string,
  max: number,
  tailChars: number,
): { head: string; tail: string } {
  const chars = [...middleEllipsis(text, max)];
  const cut = Math.max(0, chars.length - tailChars);
  return { head: chars.slice(0, cut).join(''), tail: chars.slice(cut).join('') };
}

/** The last component of a path, either separator: `a/b\\c.stm32` → `c.stm32`. */
export function fileNameOf(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? path;
}

/** Where a binary is read from: its path as written when absolute, else under the images' folder. */
export function imagePathOf(baseDir: string, binary: string): string {
  if (binary.startsWith('/') || /^[a-z]:[\\/]/i.test(binary) || binary.startsWith('\\\\')) return binary;
  const separator = baseDir.includes('\\') && !baseDir.includes('/') ? '\\' : '/';
  const base = baseDir.endsWith(separator) ? baseDir.slice(0, -1) : baseDir;
  return `${base}${separator}${binary}`;
}
