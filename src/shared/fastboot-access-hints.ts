import type { HostAccessFix } from './host-access-hints';
import { zadigUrl } from './host-access-hints';
import { forOs, type PerOs } from './host-os';
import { fastbootUsbId, udevInstallCommandLine, udevRuleInstallPath } from './udev-rule';

/**
 * What lets this computer open the board once its U-Boot runs fastboot (the fast path): the device 0483:0afb,
 * which is new to the host even where 0483:df11 already works. `--fast auto` takes DFU where the host cannot open
 * it (engine/fast-path/fastboot-access.ts says why in one line); these words say what to do. Sources and what is
 * not verified: docs/windows-usb-driver.md.
 */

const id = `${fastbootUsbId.vendor}:${fastbootUsbId.product}`;

/**
 * ST's driver package for the fastboot device, in STM32PRG-TOOLBOX-FB (`fastboot_usb_driver/android_winusb.inf`):
 * Microsoft's WinUSB for `USB\VID_0483&PID_0AFB`, with catalogs for x86 and amd64.
 */
export const stFastbootDriverPackage = {
  repository: 'https://github.com/STMicroelectronics/STM32PRG-TOOLBOX-FB',
  inf: 'fastboot_usb_driver\\android_winusb.inf',
  /** Run as administrator in that folder. */
  install: 'pnputil /add-driver android_winusb.inf /install',
} as const;

const windowsFastbootFix: HostAccessFix = {
  summary: `Windows binds no driver to the board’s fastboot device (USB ${id}, U-Boot after the switch) by itself: ST’s U-Boot builds answer no Microsoft OS compatible ID. libusb needs WinUSB bound to it; until then the fast path cannot run here and --fast auto stays on DFU.`,
  steps: [
    `Before the first fast run, with ST’s driver package (administrator rights): from ${stFastbootDriverPackage.repository}, folder fastboot_usb_driver, right-click android_winusb.inf → Install, or in an administrator Command Prompt in that folder: ${stFastbootDriverPackage.install}. It binds Microsoft’s WinUSB to USB\\VID_0483&PID_0AFB. Not tried here.`,
    `Or with Zadig (${zadigUrl}) while the board waits in fastboot (after a --fast on run that could not open it, until the board is power-cycled): Options → List All Devices, pick USB ID 0483 0AFB, choose WinUSB and press Install Driver.`,
    'Or with Windows alone, the same moment: Device Manager → the device without a driver → Update driver → Browse my computer → Let me pick from a list → Universal Serial Bus devices → WinUsb Device.',
    'Then power-cycle the board and run with --fast on (or auto, once this computer has opened the fastboot device).',
  ],
  snippet: stFastbootDriverPackage.install,
  terminal: null,
};

const fastbootFixes: PerOs<HostAccessFix> = {
  linux: {
    summary: `Linux must let your user open the board’s fastboot device (USB ${id}): the udev rule covers it, from the version of the rule that has a ${fastbootUsbId.product} line.`,
    steps: [
      `If ${udevRuleInstallPath} was installed before the fast path existed it lacks that line: install the rule again (“Install rule” on the board in the app, or the command below), then power-cycle the board.`,
    ],
    snippet: null,
    terminal: udevInstallCommandLine('sudo'),
  },
  win32: windowsFastbootFix,
  darwin: {
    summary: `macOS needs no driver for the board’s fastboot device (USB ${id}).`,
    steps: [],
    snippet: null,
    terminal: null,
  },
  default: {
    summary: `This computer must be able to open the board’s fastboot device (USB ${id}) as it opens 0483:df11.`,
    steps: [],
    snippet: null,
    terminal: null,
  },
};

/** What to do when this computer cannot open the fastboot device, per OS. */
export function fastbootAccessFix(platform: string): HostAccessFix {
  return forOs(fastbootFixes, platform);
}

/** `fastbootAccessFix` as one hint line (the diagnosis and a refused open of the fastboot device). */
export function fastbootAccessHint(platform: string): string {
  const fix = fastbootAccessFix(platform);
  return [
    fix.summary,
    ...fix.steps,
    ...(fix.terminal === null ? [] : [`In a terminal: ${fix.terminal}`]),
  ].join(' ');
}

/** A virtual machine's USB filter must take the fastboot device too: the board comes back as it after the switch. */
export const fastbootVmFilterHint = `If this computer is a virtual machine (or the board goes through USB passthrough), its USB filter must also take ${id}: on the fast path U-Boot leaves the bus after the switch and comes back as that device. Add a filter for vendor ${fastbootUsbId.vendor}, product ${fastbootUsbId.product}, any name and revision.`;
