import type { LayoutField, PartitionOffset } from './flash-layout';
import { hexAddress, layoutIssue } from './layout-issue';
import { type ColumnResult, spaceHint, ubootSays } from './parse-columns';
import { parseUbootInteger } from './uboot-integer';

const maxU64 = (1n << 64n) - 1n;

/**
 * The Offset column (`parse_offset()`, spec §3.6): `boot1`/`boot2` (eMMC boot partitions) or a 64-bit
 * number read with base 0 that must use up the whole text.
 */
export function parseOffset(field: LayoutField, line: number): ColumnResult<PartitionOffset> {
  const text = field.text;
  const place = { line, column: field.column };
  if (text.startsWith('boot')) {
    if (text === 'boot1' || text === 'boot2') return { value: text, issues: [] };
    const issue = layoutIssue(
      'BAD_OFFSET',
      'error',
      place,
      `Offset "${text}" is not an eMMC boot partition. ${ubootSays(`Layout line ${line}: invalid part '${text}'`)}`,
      spaceHint(text, 'The eMMC hardware boot partitions are boot1 and boot2; any other offset is a number.'),
    );
    return { value: null, issues: [issue] };
  }
  const read = parseUbootInteger(text);
  if (read === null) {
    const issue = layoutIssue(
      'BAD_OFFSET',
      'error',
      place,
      `Offset "${text}" is not a number. ${ubootSays(`Layout line ${line}: invalid offset '${text}'`)}`,
      spaceHint(text, 'Write the offset in hex with 0x (e.g. 0x00004400), or boot1/boot2 on an eMMC.'),
    );
    return { value: null, issues: [issue] };
  }
  // Named choice: U-Boot's simple_strtoull wraps silently past 64 bits; an offset that large is refused here.
  if (read.value > maxU64) {
    const issue = layoutIssue(
      'BAD_OFFSET',
      'error',
      place,
      `Offset "${text}" does not fit in 64 bits; U-Boot would wrap it to ${hexAddress(read.value & maxU64)}.`,
      'Check the number of digits: offsets are byte addresses on the memory.',
    );
    return { value: null, issues: [issue] };
  }
  if (read.radix !== 8 || read.value === 0n) return { value: read.value, issues: [] };
  const issue = layoutIssue(
    'OCTAL_OFFSET',
    'warning',
    place,
    `Offset "${text}" starts with 0, so U-Boot reads it as octal: ${hexAddress(read.value)}.`,
    `Write it with 0x if you meant hex (0x${text.replace(/^0+/, '')}), or without the leading zeros for decimal.`,
  );
  return { value: read.value, issues: [issue] };
}
