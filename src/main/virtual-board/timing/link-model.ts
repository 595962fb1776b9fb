import type { Soc } from '../../../shared/board';
import type { SpeedMode } from './speed-mode';
import { scaleDuration } from './speed-mode';

/** The medium behind a U-Boot partition, for its per-block cost. */
export type MediumKind = 'sd' | 'emmc' | 'nor' | 'nand' | 'ram';
export type LinkStageKind = 'rom' | 'tfa' | 'uboot';

/**
 * Fixed cost per DNLOAD/GETSTATUS cycle, in ms of realistic time (`timing-observed.md` §6; §4 says
 * to charge per cycle, not per byte). ROM and TF-A blocks are 1024 bytes, U-Boot blocks 4096.
 */
const highSpeedBlockMs: Record<LinkStageKind, number> = { rom: 4.1, tfa: 1.6, uboot: 2.4 };
const mp25RomBlockMs = 9.8;
const fullSpeedBlockMs: Record<LinkStageKind, number> = { rom: 19, tfa: 18.5, uboot: 20 };
/** U-Boot per 4 KiB block by medium at High Speed: SD/eMMC 1.7 MB/s, NOR 0.3, NAND 1.0 (estimates, §6). */
const ubootMediumBlockMs: Record<MediumKind, number> = { sd: 2.4, emmc: 2.4, nor: 13.7, nand: 4.1, ram: 2.4 };

/** Re-enumeration and start-up gaps, realistic ms (§6). */
export const stageGapMs = {
  /** ROM → TF-A answering (MP15 on the same enumeration; MP13/MP2 after the DETACH). */
  romToTfa: 700,
  /** MP2 DDR-firmware FIP → FIP: TF-A stops and restarts its USB core. */
  tfaDdrToTfa: 700,
  /** TF-A → U-Boot gadget: OP-TEE + U-Boot start. */
  tfaToUboot: 3000,
  /** U-Boot layout → partitions gadget, before any erase. */
  ubootLayoutToPartitions: 1000,
  /** Time the board takes to leave the bus after DETACH (TF-A 100 us; U-Boot 10000 polls). */
  leaveAfterDetach: 20,
  /** MMC erase speed for `D` lines, bytes per ms (an erase of 1 GiB ≈ 2 s). */
  eraseBytesPerMs: 512 * 1024,
  /** U-Boot writing its buffered data at manifestation, bytes per ms (≈ 20 MB/s). */
  flushBytesPerMs: 20_000,
} as const;

export interface LinkModel {
  readonly mode: SpeedMode;
  /** Cost of one DNLOAD block in the given stage, scaled to the mode. */
  blockCostMs(stage: LinkStageKind, medium?: MediumKind): number;
  /** A modelled gap, scaled to the mode. */
  gapMs(realisticMs: number): number;
}

export function createLinkModel(mode: SpeedMode, soc: Soc, fullSpeed: boolean): LinkModel {
  return {
    mode,
    blockCostMs(stage, medium) {
      let ms: number;
      if (fullSpeed) ms = fullSpeedBlockMs[stage];
      else if (stage === 'rom' && soc === 'mp25') ms = mp25RomBlockMs;
      else if (stage === 'uboot' && medium !== undefined) ms = ubootMediumBlockMs[medium];
      else ms = highSpeedBlockMs[stage];
      return scaleDuration(mode, ms);
    },
    gapMs: (realisticMs) => scaleDuration(mode, realisticMs),
  };
}
