/**
 * An alternate setting's name as STM32MP stages write it (spec §2.3), DfuSe style:
 * `@<name> /0x<phase>/<count>*<size><unit><type>`, e.g. `@FSBL /0x01/1*1Me`, `@rootfs/0x23/1*4Ge`,
 * `@virtual /0xF1/1*512Ba`, `@OTP/0xf2/1*776Be`, `@DDR FIP /0x02/1*32Ke`.
 */
export interface DfuAlternateName {
  /** The text between `@` and `/0x`, trimmed: `FSBL`, `rootfs`, `DDR FIP`. */
  readonly name: string;
  readonly phaseId: number;
  readonly sectorCount: number;
  readonly sectorSize: number;
  /** sectorCount × sectorSize in bytes. */
  readonly sizeBytes: number;
  /** DfuSe type letter: `a` readable, `b` erasable, `d` writable, and their sums (`e` = readable + writable). */
  readonly readable: boolean;
  readonly erasable: boolean;
  readonly writable: boolean;
}

const unitBytes: Readonly<Record<string, number>> = { ' ': 1, B: 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

const pattern = /^@(.*?)\s*\/0x([0-9a-fA-F]{1,2})\/(\d+)\*(\d+)([ BKMG])([a-g])\s*$/;

/** Parses an alternate's name; `null` when it is not in the STM32MP form. */
export function parseDfuAlternateName(text: string): DfuAlternateName | null {
  const match = pattern.exec(text.replace(/\0+$/, ''));
  if (match === null) return null;
  const [, name = '', phase = '', count = '', size = '', unit = '', type = ''] = match;
  const sectorSize = Number(size) * (unitBytes[unit] ?? 1);
  const sectorCount = Number(count);
  const bits = type.charCodeAt(0) - 'a'.charCodeAt(0) + 1;
  return {
    name: name.trim(),
    phaseId: Number.parseInt(phase, 16),
    sectorCount,
    sectorSize,
    sizeBytes: sectorCount * sectorSize,
    readable: (bits & 1) !== 0,
    erasable: (bits & 2) !== 0,
    writable: (bits & 4) !== 0,
  };
}
