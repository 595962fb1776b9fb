import type { Soc } from '../../../shared/board';

export type FirmwareGeneration = '2019' | 'current';

/**
 * The board each virtual SoC is (names for the console and product strings) and the chip revisions its
 * stages report. Model choices, named: spec §2.1 and findings §3 give the samples used here.
 */
export interface BoardProfile {
  /** `@Name /…` in TF-A and U-Boot product strings, and `CPU:` on the console. */
  readonly socName: string;
  readonly model: string;
  readonly boardId: string;
  readonly compatible: string;
  readonly dramMiB: number;
  /**
   * Revision IDs per stage. MP15 ROM `/0x0000` as in the 2019 log and TF-A/U-Boot `/0x2000`;
   * MP25 ROM `/0x2000` and TF-A `/0x0011` (findings §3); MP13 `/0x1003` everywhere (findings §3, one sample).
   * Model choice `revisionIdsPerStage`: U-Boot reports what TF-A reports.
   */
  readonly revision: { readonly rom: number; readonly tfa: number; readonly uboot: number };
  /** Serial prefix; the last hex digits are the board number (spec §2.1: 24 upper-case hex chars). */
  readonly serialBase: string;
}

export const boardProfiles: Readonly<Record<Soc, BoardProfile>> = {
  mp15: {
    socName: 'STM32MP157CAC Rev.B',
    model: 'STMicroelectronics STM32MP157C-DK2 Discovery Board',
    boardId: 'MB1272 Var2.0 Rev.C-01',
    compatible: 'st,stm32mp157c-dk2',
    dramMiB: 512,
    revision: { rom: 0x0000, tfa: 0x2000, uboot: 0x2000 },
    serialBase: '0036004A3338510939303400',
  },
  mp13: {
    socName: 'STM32MP135FAF Rev.Z',
    model: 'STMicroelectronics STM32MP135F-DK Discovery Board',
    boardId: 'MB1635 Var1.0 Rev.E-02',
    compatible: 'st,stm32mp135f-dk',
    dramMiB: 512,
    revision: { rom: 0x1003, tfa: 0x1003, uboot: 0x1003 },
    serialBase: '001F00253234511337383400',
  },
  mp25: {
    socName: 'STM32MP257FAI Rev.Y',
    model: 'STMicroelectronics STM32MP257F-EV1 Evaluation Board',
    boardId: 'MB1936 Var1.0 Rev.D-01',
    compatible: 'st,stm32mp257f-ev1',
    dramMiB: 4096,
    revision: { rom: 0x2000, tfa: 0x0011, uboot: 0x0011 },
    serialBase: '002800000000000012345600',
  },
};

/** What the firmware a board boots names it (TF-A's and U-Boot's banner, their DFU strings): from its device tree. */
export type BoardModel = Pick<BoardProfile, 'socName' | 'model' | 'boardId' | 'compatible'>;

/** Serial of board `index` (0-based): the profile's base with the index in its last two hex digits. */
export function boardSerial(profile: BoardProfile, index: number): string {
  const suffix = (index + 1).toString(16).toUpperCase().padStart(2, '0');
  return profile.serialBase.slice(0, 22) + suffix;
}

export const hex = (value: number, digits: number): string =>
  value.toString(16).toUpperCase().padStart(digits, '0');
