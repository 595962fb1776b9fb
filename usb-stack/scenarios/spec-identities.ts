import type { Soc } from '../../src/shared/board';
import type { LayoutLine } from '../../src/main/virtual-board/conformance/fixture-layout';

/**
 * What the spec (`../shared/spec/stm32mp-usb-programming.md` §2) says each stage shows on the bus, written out
 * here by hand as a third reading beside the engine's and the board's: the listing scenario compares what real
 * `dfu-util -l` and `lsusb -v` print with it. Where the spec marks a point unconfirmed, the board's named model
 * choice is written instead and named.
 */
export type Stage = 'rom' | 'tfa-ddr' | 'tfa' | 'uboot-layout' | 'uboot-partitions';

export interface StageIdentity {
  /** What the device descriptor's iProduct shows (lsusb takes it from the kernel's cache, sysfs). */
  readonly product: RegExp;
  /** iConfiguration 2 is the product string, read from the device (findings §13). */
  readonly configuration: RegExp;
  /** Alternate names in alt order; null: computed from the layout (U-Boot's second enumeration). */
  readonly alternates: readonly string[] | null;
  readonly transferSize: number;
  readonly detachMs: number;
}

/** §2.1 device IDs; the spec's table at §10. */
const deviceId: Record<Soc, string> = { mp15: '500', mp13: '501', mp25: '505' };
/** §2.3 OTP alt size: PTA size on MP13/MP15 (776), 2952 on MP2 (model choice `ubootOtpAndPmicAlts`). */
const otpBytes: Record<Soc, number> = { mp15: 776, mp13: 776, mp25: 2952 };

const rev = '@Revision ID /0x[0-9A-F]{4}';
const romProduct = (soc: Soc): RegExp =>
  new RegExp(`^DFU in HS Mode @Device ID /0x${deviceId[soc]}, ${rev}$`);
const tfaProduct = (soc: Soc): RegExp =>
  new RegExp(`^DFU @Device ID /0x${deviceId[soc]}, ${rev}, @Name /[^,]+,$`);
const ubootProduct = (soc: Soc): RegExp =>
  new RegExp(`^USB download gadget@Device ID /0x${deviceId[soc]}, ${rev}, @Name /[^,]+,$`);

/** §2.3: the MP15 ROM's alternates, which MP15 TF-A keeps. */
const mp15RomAlts = [
  '@Partition0 /0x00/1*256Ke',
  '@FSBL /0x01/1*1Me',
  '@Partition2 /0x02/1*1Me',
  '@Partition3 /0x03/1*16Me',
  '@Partition4 /0x04/1*16Me',
  '@virtual /0xF1/1*512Ba',
];

const ubootVirtualAlts = (soc: Soc): string[] => [
  '@virtual/0xf1/1*512Be',
  `@OTP/0xf2/1*${otpBytes[soc]}Be`,
  '@PMIC/0xf4/1*8Be',
];

/** The stages a GetPhase-led run shows, in order (§1.1: 3, 4 and 5 enumerations; MP15 TF-A on the ROM's). */
export const stagesOf: Record<Soc, readonly Stage[]> = {
  mp15: ['rom', 'tfa', 'uboot-layout', 'uboot-partitions'],
  mp13: ['rom', 'tfa', 'uboot-layout', 'uboot-partitions'],
  mp25: ['rom', 'tfa-ddr', 'tfa', 'uboot-layout', 'uboot-partitions'],
};

/** §1.1: enumerations the kernel sees in one run (the MP15 ROM hands over to TF-A without one). */
export const enumerationsOf: Record<Soc, number> = { mp15: 3, mp13: 4, mp25: 5 };

export function stageIdentity(soc: Soc, stage: Stage): StageIdentity {
  const rom = romProduct(soc);
  switch (stage) {
    case 'rom':
      return {
        product: rom,
        configuration: rom,
        // MP13/MP25: alt 0 and a virtual alt are all that is known (model choice `romAltsMp13Mp25`).
        alternates:
          soc === 'mp15'
            ? mp15RomAlts
            : [soc === 'mp13' ? '@FSBL /0x01/1*128Ke' : '@FSBL /0x01/1*256Ke', '@virtual /0xF1/1*512Ba'],
        transferSize: 1024,
        detachMs: 255,
      };
    case 'tfa-ddr':
    case 'tfa':
      return {
        // MP15: no new enumeration, so the kernel keeps the ROM's strings (findings §13).
        product: soc === 'mp15' ? rom : tfaProduct(soc),
        configuration: tfaProduct(soc),
        alternates:
          soc === 'mp15'
            ? mp15RomAlts
            : soc === 'mp13'
              ? ['@SSBL /0x03/1*16Me', '@virtual /0xF1/1*512Ba']
              : ['@DDR FIP /0x02/1*32Ke', '@FIP /0x03/1*16Me', '@virtual /0xF1/1*512Ba'],
        transferSize: 1024,
        detachMs: 255,
      };
    case 'uboot-layout':
      return {
        product: ubootProduct(soc),
        configuration: ubootProduct(soc),
        alternates: ['@FlashLayout/0x00/1*256Ke', ...ubootVirtualAlts(soc)],
        transferSize: 4096,
        detachMs: 0,
      };
    case 'uboot-partitions':
      return {
        product: ubootProduct(soc),
        configuration: ubootProduct(soc),
        alternates: null,
        transferSize: 4096,
        detachMs: 0,
      };
  }
}

/**
 * §2.3, U-Boot's second enumeration: one alt per partition on a memory, ordered by phase id,
 * `@<name>/0x<id>/1*<size><unit><e|a>`, then the virtual alts. The size is the distance to the next partition
 * of the same memory in the largest unit it exceeds; the last partition's runs to the end of the medium and is
 * matched by form only.
 */
export function ubootPartitionAlternates(soc: Soc, lines: readonly LayoutLine[]): RegExp[] {
  const onMemories = lines.filter((line) => line.ip !== 'none');
  const byId = [...onMemories].sort((a, b) => a.id - b.id);
  const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const names = byId.map((line) => {
    const letter = line.option.includes('P') && !line.option.includes('E') ? 'e' : 'a';
    const next = onMemories
      .filter((other) => other.ip === line.ip && Number(other.offset) > Number(line.offset))
      .map((other) => Number(other.offset))
      .sort((a, b) => a - b)[0];
    const size = next === undefined ? '\\d+[BKMG]' : escape(sizeText(next - Number(line.offset)));
    return new RegExp(
      `^@${escape(line.name)}/0x${line.id.toString(16).padStart(2, '0')}/1\\*${size}${letter}$`,
    );
  });
  return [...names, ...ubootVirtualAlts(soc).map((name) => new RegExp(`^${escape(name)}$`))];
}

function sizeText(bytes: number): string {
  for (const [unit, size] of [
    ['G', 1024 ** 3],
    ['M', 1024 ** 2],
    ['K', 1024],
  ] as const)
    if (bytes > size) return `${Math.floor(bytes / size)}${unit}`;
  return `${bytes}B`;
}
