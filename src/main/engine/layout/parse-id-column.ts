import { phaseId } from '../../protocol/phase';
import type { LayoutField } from './flash-layout';
import { hexId, layoutIssue } from './layout-issue';
import { type ColumnResult, spaceHint, ubootSays } from './parse-columns';
import { hostToolId, parseUbootInteger } from './uboot-integer';

/**
 * The Id (phase) column: `strict_strtoul(p, 0)` then `> PHASE_LAST_USER` (spec §3.2). An Id U-Boot accepts
 * without `0x` is a warning (OCTAL_ID with a leading 0, else ID_NOT_HEX) that says how U-Boot and ST's host
 * tool (which reads Ids as hex, spec §8) each read it.
 */
export function parseId(field: LayoutField, line: number): ColumnResult<number> {
  const text = field.text;
  const place = { line, column: field.column };
  const read = parseUbootInteger(text);
  if (read === null || read.value > BigInt(phaseId.lastUser)) {
    const issue = layoutIssue(
      'BAD_ID',
      'error',
      place,
      `Id "${text}" is not a phase U-Boot accepts (0x00 to 0xF0). ${ubootSays(`Layout line ${line}: invalid phase value = ${text}`)}`,
      spaceHint(text, badIdHint(text, read?.value ?? null)),
    );
    return { value: null, issues: [issue] };
  }
  const id = Number(read.value);
  if (read.radix === 16) return { value: id, issues: [] };
  // Every Id without 0x is a trap (spec §9): U-Boot reads it with base 0, ST's host tool as hex.
  const host = hostToolId(text);
  const octal = read.radix === 8 && text.length > 1;
  const reading = octal ? 'a leading 0 is octal' : 'decimal';
  const disagree =
    host === id
      ? `ST's host tool, which reads Ids as hex, happens to agree here${octal ? '' : ', but not from 10 on'}.`
      : `ST's host tool, which reads Ids as hex, sends it to ${host === null ? 'no phase' : hexId(host)}.`;
  const issue = layoutIssue(
    octal ? 'OCTAL_ID' : 'ID_NOT_HEX',
    'warning',
    place,
    `Id "${text}" has no 0x: U-Boot reads ${hexId(id)} (${reading}); ${disagree}`,
    `Write the Id in hex with 0x: ${hexId(id)} if U-Boot's reading is the one you meant.`,
  );
  return { value: id, issues: [issue] };
}

function badIdHint(text: string, value: bigint | null): string {
  if (value !== null && value > BigInt(phaseId.lastUser) && value <= 0xffn)
    return 'Ids 0xF1 to 0xFF are U-Boot’s own phases (command, OTP, PMIC, end, reset); user partitions use 0x10 to 0xF0.';
  if (value !== null)
    return 'Ids go from 0x00 to 0xF0: 0x01-0x03 boot images, 0x04-0x0F boot partitions, 0x10-0xF0 others.';
  if (/^0[0-9]+$/.test(text))
    return `A leading 0 makes U-Boot read the Id as octal, where 8 and 9 are not digits: write 0x${text.replace(/^0+/, '').padStart(2, '0')}.`;
  return 'Write the Id as a hex number with 0x, e.g. 0x04.';
}
