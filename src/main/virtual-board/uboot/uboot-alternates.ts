import { phaseId } from '../../protocol/phase';
import type { LayoutPart } from './layout-part';
import { isEmpty, isSelected } from './layout-part';

const KiB = 1024;
const MiB = 1024 * KiB;
const CMD_SIZE = 512;
const PMIC_SIZE = 8;
const hex2 = (value: number): string => value.toString(16).padStart(2, '0');

/** What a U-Boot DFU alternate is backed by. */
export type UbootAlt =
  | { readonly kind: 'layout' }
  | { readonly kind: 'partition'; readonly part: LayoutPart }
  | { readonly kind: 'virtual' }
  | { readonly kind: 'otp' }
  | { readonly kind: 'pmic' };

/** `stm32prog_alt_add`: `@<name>/0x<id>/1*<size><B|K|M><e|a>`, size in the largest unit it exceeds. */
export function partitionAltName(part: LayoutPart): string {
  let size: number;
  let unit: string;
  if (part.size > MiB) {
    size = Math.floor(part.size / MiB);
    unit = 'M';
  } else if (part.size > KiB) {
    size = Math.floor(part.size / KiB);
    unit = 'K';
  } else {
    size = part.size;
    unit = 'B';
  }
  const access = isSelected(part) && !isEmpty(part) ? 'e' : 'a';
  return `@${part.name}/0x${hex2(part.id)}/1*${size}${unit}${access}`;
}

/**
 * Model choice `ubootOtpAndPmicAlts`: every board's U-Boot has OP-TEE's PTA (OTP alt of `_OTP_SIZE_TA`) and a PMIC
 * (`DM_PMIC`), as ST's DK/EV boards do.
 *
 * `dfu_init_entities()` (spec §2.3): without a layout `@FlashLayout`, else one alt per non-`none` line ordered by
 * phase id (setting each part's `altId`); then `@virtual`, `@OTP` and `@PMIC`.
 */
export function ubootAlternates(
  parts: readonly LayoutPart[],
  otpSize: number,
): { names: string[]; alts: UbootAlt[] } {
  const names: string[] = [];
  const alts: UbootAlt[] = [];
  if (parts.length === 0) {
    names.push('@FlashLayout/0x00/1*256Ke');
    alts.push({ kind: 'layout' });
  } else {
    for (let phase = 1; phase <= phaseId.lastUser; phase++) {
      const part = parts.find((candidate) => candidate.id === phase);
      if (!part || part.target === 'none') continue;
      part.altId = alts.length;
      names.push(partitionAltName(part));
      alts.push({ kind: 'partition', part });
    }
  }
  names.push(`@virtual/0x${hex2(phaseId.command)}/1*${CMD_SIZE}Be`);
  alts.push({ kind: 'virtual' });
  names.push(`@OTP/0x${hex2(phaseId.otp)}/1*${otpSize}Be`);
  alts.push({ kind: 'otp' });
  names.push(`@PMIC/0x${hex2(phaseId.pmic)}/1*${PMIC_SIZE}Be`);
  alts.push({ kind: 'pmic' });
  return { names, alts };
}

export const ubootVirtualSizes = { command: CMD_SIZE, pmic: PMIC_SIZE } as const;
