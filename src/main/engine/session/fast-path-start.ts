import type { Soc } from '../../../shared/board';
import type { ProgramWarningCode } from '../../../shared/program-events';
import { decideFastPath } from '../fast-path/decide-fast-path';
import type { FastPathOptions } from '../fast-path/fast-path-options';
import type { SessionPlan } from './session-plan';
import { SessionFailure } from './session-failure';

/** Where the decision is said: the run's log and warnings. */
export interface FastPathReport {
  log(message: string): void;
  warn(code: ProgramWarningCode, message: string, hint: string): void;
}

const warningHints: Record<'FAST_DEVICE_CHOSEN' | 'FAST_ACCESS_UNKNOWN', string> = {
  FAST_DEVICE_CHOSEN:
    'Give --fast-device only for a FIP whose U-Boot you know flashes that device (its FASTBOOT_FLASH_MMC_DEV); ST names its fastboot FIPs …-fastboot-sdcard… and …-fastboot-emmc….',
  FAST_ACCESS_UNKNOWN:
    'If the board is not opened once it becomes 0483:0afb, the run ends with DEVICE_RETURNED_UNOPENABLE: install the driver, or program over DFU with --fast off.',
};

/**
 * The fast path's decision at the start of a run, once the board's SoC is read and before anything is sent:
 * the MMC device fastboot will flash, or null for DFU (with its reason in the log). `--fast on` where the fast
 * path cannot be taken ends the run here (`FAST_PATH_UNAVAILABLE`, `FAST_VERIFY_UNAVAILABLE`).
 */
export function fastPathAtStart(
  fast: FastPathOptions | undefined,
  context: { readonly plan: SessionPlan; readonly soc: Soc | null; readonly verify: boolean },
  report: FastPathReport,
): string | null {
  if (fast === undefined) return null;
  const choice = decideFastPath({
    mode: fast.mode,
    ...(fast.device === undefined ? {} : { fastDevice: fast.device }),
    layout: context.plan.layout,
    soc: context.soc,
    fip: context.plan.fip ?? null,
    access: fast.access,
    verify: context.verify,
  });
  switch (choice.path) {
    case 'refused':
      throw new SessionFailure(choice.code, `--fast on: ${choice.reason}; nothing was sent`);
    case 'dfu':
      if (choice.reason !== null) report.log(`DFU, not the fast path: ${choice.reason}`);
      return null;
    case 'fast':
      report.log(`Fast path: the partitions go over fastboot to ${choice.device} after TF-A and the FIP`);
      for (const warning of choice.warnings)
        report.warn(warning.code, warning.message, warningHints[warning.code]);
      return choice.device;
  }
}
