import type { Soc } from '../../../shared/board';
import type { FastMode, FastPathChoice } from '../../../shared/fast-path';
import type { FlashLayout } from '../layout/flash-layout';
import { deviceKey } from '../layout/flash-layout';
import { isOnDevice } from '../layout/send-plan';
import { fastbootDeviceOf, fastbootHasBootAreas, socName } from './fastboot-device';
import type { UbootVersion } from './uboot-version';
import { runsScripts, scriptSupportText } from './uboot-version';

/** Whether this computer can open the fastboot device (0483:0afb); `unknown` where it cannot tell beforehand. */
export type FastbootAccess =
  | { readonly state: 'yes' }
  | { readonly state: 'no'; readonly reason: string }
  | { readonly state: 'unknown'; readonly reason: string };

/** The FIP (or SSBL) the run loads at phase 0x03: its file name and the U-Boot version found inside it. */
export interface FipFacts {
  readonly fileName: string;
  readonly uboot: UbootVersion | null;
}

export interface FastPathInput {
  readonly mode: FastMode;
  /** `--fast-device mmcN`: overrides what the FIP's name and the SoC say. */
  readonly fastDevice?: string;
  readonly layout: FlashLayout;
  /** The board's SoC; null when not known (then only a FIP's name or --fast-device tells the device). */
  readonly soc: Soc | null;
  /** Null when the layout loads no image at phase 0x03. */
  readonly fip: FipFacts | null;
  readonly access: FastbootAccess;
  /** `--verify`: fastboot cannot read back. */
  readonly verify: boolean;
}

/**
 * Which path a run takes, decided before anything is sent (after DETACH there is no way back without a power
 * cycle). The fast path needs (a) a layout on SD/eMMC only (no NOR/NAND, no RawImage line) on one MMC device,
 * (b) a U-Boot that runs script images, (c) that U-Boot's fastboot device being the layout's memory (and boot
 * areas where the layout has them), (d) this computer able to open 0483:0afb. `auto` takes DFU when one is
 * missing and says why; `on` refuses (`FAST_PATH_UNAVAILABLE`); `off` is DFU. `--verify` reads back, which
 * fastboot cannot: `auto` takes DFU for it, `on` refuses (`FAST_VERIFY_UNAVAILABLE`).
 */
export function decideFastPath(input: FastPathInput): FastPathChoice {
  if (input.mode === 'off') return { path: 'dfu', reason: null };
  const device = deviceProblem(input);
  const missing =
    layoutProblem(input.layout) ??
    ubootProblem(input.fip) ??
    ('problem' in device ? device.problem : null) ??
    (input.access.state === 'no' ? input.access.reason : null);
  if (missing !== null) return refuseOrDfu(input.mode, 'FAST_PATH_UNAVAILABLE', missing);
  if (input.verify)
    return refuseOrDfu(
      input.mode,
      'FAST_VERIFY_UNAVAILABLE',
      '--verify reads each partition back, which fastboot cannot (no upload)',
    );
  if (!('device' in device)) throw new Error('unreachable: a device or a problem');
  const warnings = [...device.warnings];
  if (input.access.state === 'unknown') {
    if (input.mode === 'auto') return { path: 'dfu', reason: input.access.reason };
    warnings.push({ code: 'FAST_ACCESS_UNKNOWN', message: input.access.reason });
  }
  return { path: 'fast', device: device.device, warnings };
}

function refuseOrDfu(
  mode: FastMode,
  code: 'FAST_PATH_UNAVAILABLE' | 'FAST_VERIFY_UNAVAILABLE',
  reason: string,
): FastPathChoice {
  return mode === 'on' ? { path: 'refused', code, reason } : { path: 'dfu', reason };
}

/** The MMC device every memory line of the layout is on, or why the layout is not for the fast path. */
function layoutMemory(layout: FlashLayout): { device: string } | { problem: string } {
  const memories = new Set<string>();
  for (const partition of layout.partitions) {
    if (!isOnDevice(partition) || partition.ip === null) continue;
    const line = `line ${partition.line} (${partition.name ?? '?'})`;
    if (partition.ip.kind !== 'mmc')
      return { problem: `${line} is on ${deviceKey(partition.ip)}: NOR and NAND stay on DFU` };
    if (partition.type?.name === 'RawImage')
      return { problem: `${line} is a RawImage: a whole-memory image stays on DFU` };
    memories.add(deviceKey(partition.ip));
  }
  if (memories.size === 0) return { problem: 'the layout writes no SD card or eMMC' };
  if (memories.size > 1)
    return {
      problem: `the layout writes ${[...memories].join(' and ')}; one U-Boot build flashes one MMC device`,
    };
  return { device: [...memories][0] ?? '' };
}

function layoutProblem(layout: FlashLayout): string | null {
  const memory = layoutMemory(layout);
  return 'problem' in memory ? memory.problem : null;
}

function ubootProblem(fip: FipFacts | null): string | null {
  if (fip === null) return 'the layout loads no FIP or U-Boot (phase 0x03)';
  if (fip.uboot === null) return `no U-Boot version string was found in ${fip.fileName}`;
  if (!runsScripts(fip.uboot))
    return `U-Boot ${fip.uboot.text} in ${fip.fileName} does not run script images (${scriptSupportText})`;
  return null;
}

type FastWarning = Extract<FastPathChoice, { path: 'fast' }>['warnings'][number];
type DeviceAnswer = { device: string; warnings: FastWarning[] } | { problem: string };

/** The device fastboot will flash, and whether it is the layout's (with boot areas where the layout has them). */
function deviceProblem(input: FastPathInput): DeviceAnswer {
  const memory = layoutMemory(input.layout);
  if ('problem' in memory) return memory;
  const guess =
    input.fastDevice === undefined
      ? fastbootDeviceOf(input.fip?.fileName ?? '', input.soc)
      : { device: input.fastDevice, because: `--fast-device ${input.fastDevice}` };
  if (guess === null)
    return { problem: 'the board’s SoC is not known, so neither is the MMC device its stock FIP flashes' };
  if (guess.device !== memory.device)
    return {
      problem: `the layout writes ${memory.device} but ${guess.because}${input.fastDevice === undefined ? `; an ST …-fastboot-${memory.device === 'mmc0' ? 'sdcard' : 'emmc'}… FIP or --fast-device ${memory.device} would match` : ''}`,
    };
  const bootAreas = input.layout.partitions.some(
    (partition) => partition.offset === 'boot1' || partition.offset === 'boot2',
  );
  if (bootAreas && input.soc !== null && !fastbootHasBootAreas(input.soc))
    return { problem: `the layout writes eMMC boot areas, which ${socName(input.soc)}’s fastboot does not` };
  const warnings =
    input.fastDevice === undefined
      ? []
      : [
          {
            code: 'FAST_DEVICE_CHOSEN' as const,
            message: `--fast-device ${input.fastDevice}: the FIP’s U-Boot is taken to flash ${input.fastDevice}; a wrong value formats the other memory (\`oem format\` writes this layout’s partition table on the device the build flashes)`,
          },
        ];
  return { device: guess.device, warnings };
}
