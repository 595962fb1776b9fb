import { z } from 'zod';
import { defineRequest } from './define';

/**
 * What the app can do, with the person's click, so this computer may open the boards: on Linux, install the udev
 * rule through pkexec (the exact command is `udevInstallCommandLine('pkexec')` in shared/udev-rule.ts, shown before
 * it runs). Any other system answers `UDEV_RULE_LINUX_ONLY`.
 */
export const udevInstallOutcomes = ['installed', 'cancelled', 'failed'] as const;
export type UdevInstallOutcome = (typeof udevInstallOutcomes)[number];

export const udevInstallResultSchema = z.object({
  /** `cancelled`: the person dismissed the password dialog; `failed`: pkexec or the script said why (`output`). */
  outcome: z.enum(udevInstallOutcomes),
  /** The command that ran, as shown before it ran. */
  command: z.string(),
  /** What pkexec and the script printed (stdout and stderr), for a failure. */
  output: z.string(),
});
export type UdevInstallResult = z.infer<typeof udevInstallResultSchema>;

export const accessInstallUdevRule = defineRequest(
  'access.installUdevRule',
  z.object({}).strict(),
  udevInstallResultSchema,
);

/**
 * Windows: ST's DFU driver installer (`STM32Bootloader.bat`, from STM32CubeProgrammer), when this computer has it.
 * `installer` is its path and `command` the exact command "Install ST's DFU driver" runs
 * (`stDriverInstallCommandLine` in shared/st-dfu-driver.ts); both null when it is not found or not on Windows.
 */
export const windowsDriverInstallerInfoSchema = z.object({
  installer: z.string().nullable(),
  command: z.string().nullable(),
});
export type WindowsDriverInstallerInfo = z.infer<typeof windowsDriverInstallerInfoSchema>;

export const accessWindowsDriverInstaller = defineRequest(
  'access.windowsDriverInstaller',
  z.object({}).strict(),
  windowsDriverInstallerInfoSchema,
);

export const windowsDriverInstallOutcomes = ['done', 'declined', 'failed'] as const;
export type WindowsDriverInstallOutcome = (typeof windowsDriverInstallOutcomes)[number];

export const windowsDriverInstallResultSchema = z.object({
  /** `done`: the installer ran and ended with exit code 0; `declined`: No at Windows' administrator prompt. */
  outcome: z.enum(windowsDriverInstallOutcomes),
  /** The command that ran, as shown before it ran. */
  command: z.string(),
  /** The installer's exit code; null when it did not run to its end. */
  exitCode: z.number().int().nullable(),
  /** What PowerShell printed (the installer's own window is Windows' and is not captured). */
  output: z.string(),
});
export type WindowsDriverInstallResult = z.infer<typeof windowsDriverInstallResultSchema>;

/**
 * Runs ST's installer elevated, on the person's click. It takes no path: the main side finds the installer itself.
 * Off Windows: `WINDOWS_DRIVER_WINDOWS_ONLY`; without STM32CubeProgrammer's installer: `ST_DRIVER_INSTALLER_NOT_FOUND`.
 */
export const accessInstallWindowsDriver = defineRequest(
  'access.installWindowsDriver',
  z.object({}).strict(),
  windowsDriverInstallResultSchema,
);
