import type { Partition } from '../layout/flash-layout';
import { mmcInstance, type FastbootMmcDevice } from './fastboot-script';

/** Where one layout line goes over fastboot: the `flash:` name, and the `oem` commands that follow it. */
export interface FastbootTarget {
  readonly partition: string;
  /** `oem` commands (without `oem `) to send after the flash, in order. */
  readonly after: readonly string[];
}

/**
 * The fastboot target of a layout line on `device`, or null when the line is not written there (`none`, another
 * memory, a RawImage). GPT partitions by their name. eMMC boot areas by the names ST's configs give them
 * (`CONFIG_FASTBOOT_MMC_BOOT1_NAME="mmc1boot0"`, `…BOOT2_NAME="mmc1boot1"` in stm32mp15/25_defconfig: the device
 * then `boot0`/`boot1`), each followed, as stm32prog.c does after writing one (`mmc bootbus <dev> 0 0 0; mmc
 * partconf <dev> 1 <1|2> 0`) and as STM32PRG-TOOLBOX-FB does, by `oem bootbus:0 0 0` and `oem partconf:1 <1|2>`
 * (fb_command.c prefixes `mmc bootbus <dev>` and `mmc partconf <dev>`, and appends ` 0` to partconf): the boot
 * area written last is the one the eMMC boots from.
 */
export function fastbootTarget(partition: Partition, device: FastbootMmcDevice): FastbootTarget | null {
  if (partition.ip?.kind !== 'mmc' || partition.ip.instance !== mmcInstance(device)) return null;
  if (partition.name === null || partition.type === null || partition.type.name === 'RawImage') return null;
  if (partition.offset === 'boot1' || partition.offset === 'boot2') {
    const area = partition.offset === 'boot1' ? 1 : 2;
    return { partition: `${device}boot${area - 1}`, after: ['bootbus:0 0 0', `partconf:1 ${area}`] };
  }
  if (typeof partition.offset !== 'bigint') return null;
  return { partition: partition.name, after: [] };
}
