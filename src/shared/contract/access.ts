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
