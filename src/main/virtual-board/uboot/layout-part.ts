/** One FlashLayout line as U-Boot's `struct stm32prog_part_t` holds it after parsing. */
export type PartTarget = 'none' | 'mmc' | 'nor' | 'nand' | 'spi-nand' | 'ram';
export type PartType = 'Binary' | 'FIP' | 'FWU_MDATA' | 'ENV' | 'System' | 'ESP' | 'FileSystem' | 'RawImage';

export const optionBit = { select: 1, empty: 2, delete: 4 } as const;

export interface LayoutPart {
  /** 1-based physical line number in the layout. */
  line: number;
  option: number;
  id: number;
  name: string;
  partType: PartType;
  /** `Binary(N)` copies; 1 for plain `Binary`, 0 for others. */
  binNb: number;
  target: PartTarget;
  devId: number;
  /** 0 for a user-area partition, -1/-2 for eMMC boot1/boot2; after `init_device` the GPT number. */
  partId: number;
  addr: number;
  size: number;
  /** DFU alternate number once the alternates are built; -1 before. */
  altId: number;
}

export const isSelected = (part: LayoutPart): boolean => (part.option & optionBit.select) !== 0;
export const isEmpty = (part: LayoutPart): boolean => (part.option & optionBit.empty) !== 0;
export const isDelete = (part: LayoutPart): boolean => (part.option & optionBit.delete) !== 0;

/** The device name a target + instance is written to, as the layout's IP column spells it. */
export function deviceName(target: PartTarget, devId: number): string {
  return `${target}${devId}`;
}
