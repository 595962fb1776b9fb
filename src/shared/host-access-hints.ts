import { forOs, type PerOs } from './host-os';
import { stDriverInstallCommandLine, stDriverInstallerDefaultPath } from './st-dfu-driver';
import { dfuUdevRule, udevInstallCommandLine, udevReloadCommand, udevRuleInstallPath } from './udev-rule';

/**
 * What lets this computer open the board, per OS: the udev rule, the WinUSB driver, a program that holds the
 * board, a virtual machine's USB filter. The error catalog, a failed run's diagnosis, the USB backend's refusals
 * and the app's board list all say it with these words.
 */

/** The udev rule that lets a logged-in user open the board in every stage (all stages are 0483:df11). */
export const linuxUdevRule = {
  /** Must sort before `73-seat-late.rules`, where `uaccess` is applied, or the tag silently does nothing. */
  path: udevRuleInstallPath,
  rule: dfuUdevRule,
  reload: udevReloadCommand,
  /** Writes the whole file (the board and its ST-Link console) and reloads udev, as root. */
  install: udevInstallCommandLine('sudo'),
} as const;

/** The programs that commonly hold the board. */
const boardHolders = 'STM32CubeProgrammer, dfu-util, a virtual machine’s USB filter';

/** Another program holds the board: the fix on every OS, and the whole fix where no driver is needed. */
export const boardHeldHint = `Another program may hold the board (${boardHolders}): close it, then try again.`;

/** The board list's note for a board another program holds (the list tries it again by itself). */
export const boardInUseHint = `Close the program that holds it (${boardHolders}); the board is tried again on its own.`;

/** Installing WinUSB, for each stage (every stage is a new device to Windows). */
export const winUsbHint =
  'Bind the WinUSB driver to the board (0483:df11) with ST’s STM32 DFU driver (shipped with STM32CubeProgrammer) or with Zadig: for "DFU in HS Mode" and again for each later stage, which Windows sees as a new device.';

/**
 * A virtual machine's USB filter must take the board in every stage. `identity` is how the board shows itself in
 * the stage that matters (`0483:df11 "DFU in HS Mode @Device ID /0x500, …"`), null when not known.
 */
export function vmFilterHint(identity: string | null): string {
  const returns = identity === null ? 'under another product name' : `as a new device, ${identity}`;
  return `If this computer is a virtual machine (or the board goes through USB passthrough), its USB filter must take 0483:df11 in every stage: the board leaves the bus and comes back ${returns}. Add a filter for vendor 0483, product df11, any name and revision.`;
}

/** What to do when the board is on the bus but cannot be opened (as qFlipper does: the exact rule or driver). */
export interface HostAccessFix {
  readonly summary: string;
  readonly steps: readonly string[];
  /** Text worth copying as is. */
  readonly snippet: string | null;
  /** The command that applies the fix in a terminal (the udev rule's install), for the CLI and the hints. */
  readonly terminal: string | null;
}

const accessFixes: PerOs<HostAccessFix> = {
  linux: {
    summary: 'Linux does not let your user open the board (USB 0483:df11): it needs a udev rule.',
    steps: [
      `Install the udev rule ${linuxUdevRule.path} and reload udev, as root (its name sorts before 73-seat-late.rules, or TAG+="uaccess" silently does nothing): "Install rule" on the board in the app, or the command below in a terminal. If the board is still refused, unplug and replug it.`,
    ],
    snippet: null,
    terminal: linuxUdevRule.install,
  },
  win32: {
    summary:
      'Windows cannot open the board (USB 0483:df11): no WinUSB driver is bound to it, or another program holds it.',
    steps: [winUsbHint, 'Unplug and replug the board.'],
    snippet: null,
    terminal: null,
  },
  darwin: {
    summary: 'macOS needs no driver for the board (USB 0483:df11).',
    steps: [boardHeldHint],
    snippet: null,
    terminal: null,
  },
  default: {
    summary: 'This computer refused to open the board (USB 0483:df11).',
    steps: [boardHeldHint],
    snippet: null,
    terminal: null,
  },
};

/** Zadig (libwdi's driver installer): binds WinUSB, libusbK or libusb0 to a USB device. */
export const zadigUrl = 'https://zadig.akeo.ie/';

/**
 * No driver the USB library can use is bound to the board (Windows: libusb drives WinUSB, libusbK and libusb0
 * devices only). Installing one needs administrator rights: the app runs ST's own installer, when found, on the
 * person's click (shared/st-dfu-driver.ts); it ships no driver of its own (docs/windows-usb-driver.md).
 */
const windowsNoDriverFix: HostAccessFix = {
  summary:
    'Windows has no driver bound to the board (USB 0483:df11) that libusb can use: it needs WinUSB (or libusbK, libusb0). ST’s DfuSe driver (“STM Device in DFU Mode”) does not serve libusb.',
  steps: [
    'Either with Windows alone (its own signed WinUSB driver; administrator rights needed): in Device Manager, right-click the board (“DFU in HS Mode @Device ID /0x…”, or “STM32 BOOTLOADER”), Update driver → Browse my computer → Let me pick from a list → Universal Serial Bus devices → WinUsb Device.',
    `Or with Zadig (${zadigUrl}, asks for administrator rights): Options → List All Devices, pick the board (USB ID 0483 DF11), choose WinUSB and press Install Driver (Replace Driver when another driver, such as ST’s DfuSe “STM Device in DFU Mode”, is bound).`,
    `Or, with STM32CubeProgrammer installed: run ST’s DFU driver installer, Drivers\\DFU_Driver\\STM32Bootloader.bat in its folder, as administrator (“Install ST’s DFU driver” on the board in the app, when it finds it). From a Command Prompt, for its default folder (Windows asks for administrator rights): ${stDriverInstallCommandLine(stDriverInstallerDefaultPath)}`,
    'Then unplug and replug the board. If a later stage (TF-A, U-Boot) shows up without a driver again, do the same for it.',
  ],
  snippet: zadigUrl,
  terminal: null,
};

const otherNoDriverFix: HostAccessFix = {
  summary: 'No driver that libusb can use is bound to the board (USB 0483:df11).',
  steps: ['Check that no other driver claims the board, then unplug and replug it.'],
  snippet: null,
  terminal: null,
};

const noDriverFixes: PerOs<HostAccessFix> = { win32: windowsNoDriverFix, default: otherNoDriverFix };

/** What to do when the board has no driver the USB library can use, per OS. */
export function noDriverFix(platform: string): HostAccessFix {
  return forOs(noDriverFixes, platform);
}

/** `noDriverFix` as one paragraph, per OS, for the error catalog. */
export const noDriverHints: PerOs = {
  default: [otherNoDriverFix.summary, ...otherNoDriverFix.steps].join(' '),
  win32: [windowsNoDriverFix.summary, ...windowsNoDriverFix.steps].join(' '),
};

/** The whole fix for a board this computer cannot open, the virtual machine's filter last. */
export function hostAccessFix(platform: string): HostAccessFix {
  const fix = forOs(accessFixes, platform);
  return { ...fix, steps: [...fix.steps, vmFilterHint(null)] };
}

/** The same fix as one paragraph (without the filter), for a hint line. */
export function hostAccessHint(platform: string): string {
  const fix = forOs(accessFixes, platform);
  return [
    fix.summary,
    ...fix.steps,
    ...(fix.terminal === null ? [] : [`In a terminal: ${fix.terminal}`]),
  ].join(' ');
}

/** `hostAccessHint` for each OS, as the error catalog holds per-OS hints. */
export const hostAccessHints: PerOs = {
  default: hostAccessHint('default'),
  linux: hostAccessHint('linux'),
  win32: hostAccessHint('win32'),
  darwin: hostAccessHint('darwin'),
};

/** Why the host refused to open the board, by the USB layer's reason (`UsbErrorCode`), per OS. */
export const openRefusalHints = {
  /** The OS refused access: permissions (udev), the driver (WinUSB), or another program. */
  access: hostAccessHints,
  /** libusb cannot drive it: on Windows, no WinUSB driver. */
  notSupported: {
    win32: hostAccessHint('win32'),
    default: 'libusb cannot drive this device on this system; check that no kernel driver claims it.',
  },
  busy: { default: boardHeldHint },
  /** No driver libusb can use (the backend's reading of NOT_SUPPORTED / NOT_FOUND on Windows). */
  noDriver: noDriverHints,
  noDevice: {
    default: 'The board left the bus before it could be opened: check the cable and the power supply.',
  },
  other: {
    default: 'Unplug and replug the board, then try again; if it persists, try another USB port.',
  },
} as const satisfies Record<string, PerOs>;
