import { readFile } from 'node:fs/promises';
import { udevRuleFileName, udevRuleInstallPath } from '../../../shared/udev-rule';
import type { FastbootAccess } from './decide-fast-path';

/**
 * Whether this computer can open the fastboot device (0483:0afb) once the board becomes it: condition (d) of the
 * fast path. It cannot be tried beforehand (the device does not exist yet), so it is read from what lets a user
 * open it: on Linux the udev rule (or root), on Windows a driver, which Windows does not bind by itself (ST's
 * U-Boot gives no Microsoft OS descriptors); macOS needs nothing. A virtual board is always openable.
 */
export interface FastbootAccessFacts {
  readonly platform: NodeJS.Platform;
  /** The boards are virtual (in this process): no host driver is involved. */
  readonly simulated: boolean;
  /** Reads a rule file's text (tests give their own); null when absent. */
  readonly readRule?: (file: string) => Promise<string | null>;
  readonly isRoot?: boolean;
}

/** Where a udev rule for the flasher may be: the administrator's folder, then the package's. */
const ruleFiles = [
  udevRuleInstallPath,
  `/usr/lib/udev/rules.d/${udevRuleFileName}`,
  `/lib/udev/rules.d/${udevRuleFileName}`,
];

const readRuleFile = (file: string): Promise<string | null> => readFile(file, 'utf8').catch(() => null);

export async function fastbootAccess(facts: FastbootAccessFacts): Promise<FastbootAccess> {
  if (facts.simulated || facts.platform === 'darwin') return { state: 'yes' };
  if (facts.platform === 'win32')
    return {
      state: 'unknown',
      reason:
        'Windows binds no driver to the fastboot device 0483:0afb by itself (ST’s U-Boot gives no Microsoft OS descriptors): install a WinUSB driver for it (ST’s android_winusb.inf), then use --fast on',
    };
  if (facts.platform !== 'linux')
    return { state: 'unknown', reason: `no way is known to open 0483:0afb on ${facts.platform}` };
  if (facts.isRoot ?? process.getuid?.() === 0) return { state: 'yes' };
  const read = facts.readRule ?? readRuleFile;
  for (const file of ruleFiles)
    if ((await read(file))?.toLowerCase().includes('0afb') === true) return { state: 'yes' };
  return {
    state: 'no',
    reason: `no udev rule lets this user open the fastboot device 0483:0afb (${udevRuleInstallPath} does not name it): install the rule again`,
  };
}
