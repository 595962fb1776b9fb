import type { Soc } from '../../../shared/board';

/**
 * What the board knows of the U-Boot inside the FIP it received: its version (a real U-Boot binary carries its
 * `version_string`, `U-Boot 2023.10-stm32mp-r1 (Jan 10 2024 - 10:21:43 +0000)`), whether its stm32prog runs a
 * legacy script image sent to alt 0, and which MMC device its fastboot flashes.
 */
export interface UbootBuild {
  /** `PLAIN_VERSION`, e.g. `2023.10-stm32mp-r2`. */
  readonly version: string;
  /** The banner's date part, `(Jan 10 2024 - 10:21:43 +0000)`. */
  readonly stamp: string;
  readonly runsScripts: boolean;
  readonly fastboot: FastbootBuild;
}

/** The fastboot configuration of one build (ST's defconfigs: `CONFIG_FASTBOOT_*`). */
export interface FastbootBuild {
  /** `CONFIG_FASTBOOT_FLASH_MMC_DEV`. */
  readonly mmcDev: number;
  /** `CONFIG_FASTBOOT_MMC_BOOT_SUPPORT` with `mmc<dev>boot0/1` names. */
  readonly bootAreas: boolean;
  /** `CONFIG_FASTBOOT_MMC_USER_SUPPORT` with `CONFIG_FASTBOOT_MMC_USER_NAME="mmc<dev>"`. */
  readonly userArea: boolean;
  /** `CONFIG_FASTBOOT_CMD_OEM_BOOTBUS` (stm32mp15/25 defconfigs; not stm32mp13). */
  readonly oemBootbus: boolean;
}

/**
 * Model choice `fipFastbootMarker`: nothing in a real U-Boot binary says which MMC device its fastboot flashes
 * (a build's configuration is not in its bytes), so a virtual FIP carries this marker (written by `fipImage` in
 * conformance/test-images.ts): `sdcard` (mmc0) or `emmc` (mmc1). Without it the build is ST's stock defconfig.
 */
export const fipFastbootMarker = 'VIRTUAL-BOARD-FASTBOOT=';

/**
 * Model choice `fipWithoutVersion`: a FIP whose bytes hold no `U-Boot 20YY.MM` string is taken as the board's own
 * current U-Boot, the one its banner has always printed (2023.10-stm32mp-r2): it runs scripts and is the stock build.
 */
export const currentUbootVersion = { version: '2023.10-stm32mp-r2', stamp: '(Jan 10 2024 - 10:21:43 +0000)' };

/** The 2019 flow's U-Boot (the real 2019 UART log, spec §11): no scripts, no fastboot path. */
export const ubootOf2019: UbootBuild = {
  version: '2018.11-stm32mp-r2.1',
  stamp: '(Jun 25 2019 - 13:46:25 +0000)',
  runsScripts: false,
  fastboot: { mmcDev: 1, bootAreas: true, userArea: true, oemBootbus: true },
};

const versionPattern = /U-Boot (20\d\d\.\d\d(?:-rc\d+)?(?:-stm32mp-r\d+(?:\.\d+)*)?)( \([^)\n]*\))?/;

/**
 * Whether this U-Boot's `stm32prog_end_phase` takes a legacy image on alt 0 as a script: ST's fork since
 * v2021.10-stm32mp-r1 (`genimg_get_format(...) == IMAGE_FORMAT_LEGACY` → `data->script`; not in v2020.10-stm32mp),
 * upstream since v2022.07.
 */
export function versionRunsScripts(version: string): boolean {
  const match = /^(\d{4})\.(\d\d)/.exec(version);
  if (!match) return false;
  const number = Number(match[1]) * 100 + Number(match[2]);
  return version.includes('-stm32mp') ? number >= 202110 : number >= 202207;
}

/**
 * ST's stock configurations (configs/stm32mp15_defconfig, stm32mp25_defconfig: `CONFIG_FASTBOOT_FLASH_MMC_DEV=1`
 * with boot and user support and `oem bootbus`; stm32mp13_defconfig: `=0`, neither boot nor user support nor
 * `oem bootbus`), and the marked builds (`fipFastbootMarker`): `sdcard` flashes mmc0 (an SD card: no boot areas,
 * no user-area name), `emmc` flashes mmc1 as the stock mp15/mp25 build does.
 */
export function fastbootBuildFor(soc: Soc, marker: 'sdcard' | 'emmc' | null): FastbootBuild {
  const stockEmmc = soc !== 'mp13';
  if (marker === 'sdcard') return { mmcDev: 0, bootAreas: false, userArea: false, oemBootbus: stockEmmc };
  if (marker === 'emmc' || stockEmmc)
    return { mmcDev: 1, bootAreas: stockEmmc, userArea: stockEmmc, oemBootbus: stockEmmc };
  return { mmcDev: 0, bootAreas: false, userArea: false, oemBootbus: false };
}

/** Reads the U-Boot version and the fastboot marker from the FIP bytes TF-A received. */
export function readUbootBuild(fip: Uint8Array, soc: Soc): UbootBuild {
  const text = Buffer.from(fip.buffer, fip.byteOffset, fip.byteLength).toString('latin1');
  const found = versionPattern.exec(text);
  const markerAt = text.indexOf(fipFastbootMarker);
  const markerText = markerAt < 0 ? '' : text.slice(markerAt + fipFastbootMarker.length, markerAt + 40);
  const marker = markerText.startsWith('sdcard') ? 'sdcard' : markerText.startsWith('emmc') ? 'emmc' : null;
  const version = found?.[1] ?? currentUbootVersion.version;
  return {
    version,
    stamp: found?.[2]?.trim() ?? currentUbootVersion.stamp,
    runsScripts: versionRunsScripts(version),
    fastboot: fastbootBuildFor(soc, marker),
  };
}
