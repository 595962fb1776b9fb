import type { FastbootMmcDevice } from '../fastboot/fastboot-script';
import type { PlannedImage, SessionPlan } from './session-plan';

/** One partition the fast path writes: its fastboot name and, for an eMMC boot area, its hardware partition. */
export interface FastbootTarget {
  readonly image: PlannedImage;
  /** The name `flash:` takes: the GPT name, or `mmc<dev>boot0/1` (CONFIG_FASTBOOT_MMC_BOOT1/2_NAME). */
  readonly name: string;
  /** 1 or 2 for an eMMC boot area (then `oem bootbus` and `oem partconf` as stm32prog_end_phase does). */
  readonly bootArea: 1 | 2 | null;
}

/** The plan's written partitions in the order the board would ask for them over DFU (by phase id). */
export function fastbootTargets(plan: SessionPlan, device: FastbootMmcDevice): FastbootTarget[] {
  return [...plan.written.values()]
    .sort((a, b) => a.id - b.id)
    .map((image) => {
      const offset = image.partition.offset;
      const bootArea = offset === 'boot1' ? 1 : offset === 'boot2' ? 2 : null;
      return {
        image,
        name: bootArea === null ? image.name : `${device}boot${bootArea - 1}`,
        bootArea,
      };
    });
}
