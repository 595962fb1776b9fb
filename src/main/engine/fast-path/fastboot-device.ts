import type { Soc } from '../../../shared/board';

/**
 * Which MMC device a U-Boot build flashes over fastboot (`CONFIG_FASTBOOT_FLASH_MMC_DEV`): nothing on the wire
 * says it, so it is read from what the build is called. ST's OpenSTLinux names its fastboot FIPs for it
 * (`…-fastboot-sdcard…`: the SD card, mmc0; `…-fastboot-emmc…`: the eMMC, mmc1); ST's stock configs flash the
 * eMMC (mmc1) on STM32MP15 and STM32MP25, and mmc0 on STM32MP13 (whose fastboot has no eMMC boot-area support).
 */
export interface FastbootDeviceGuess {
  readonly device: string;
  /** How it was known, for a reason a person reads. */
  readonly because: string;
}

const socNames: Record<Soc, string> = { mp13: 'STM32MP13', mp15: 'STM32MP15', mp25: 'STM32MP25' };

export function socName(soc: Soc): string {
  return socNames[soc];
}

/** The device the FIP named `fileName` flashes; null when neither its name nor the SoC tells. */
export function fastbootDeviceOf(fileName: string, soc: Soc | null): FastbootDeviceGuess | null {
  const name = fileName.toLowerCase();
  if (name.includes('fastboot-sdcard'))
    return { device: 'mmc0', because: `${fileName} is a fastboot-sdcard FIP` };
  if (name.includes('fastboot-emmc'))
    return { device: 'mmc1', because: `${fileName} is a fastboot-emmc FIP` };
  if (soc === null) return null;
  const device = soc === 'mp13' ? 'mmc0' : 'mmc1';
  return { device, because: `a stock ${socName(soc)} FIP flashes ${device}` };
}

/** Whether a U-Boot on this SoC writes eMMC boot areas over fastboot (`mmc1boot0/1`, `oem partconf:`). */
export function fastbootHasBootAreas(soc: Soc): boolean {
  return soc !== 'mp13';
}
