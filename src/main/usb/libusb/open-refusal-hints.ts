import { UsbError } from '../usb-error';
import type { UsbErrorCode } from '../usb-error';

/** The udev rule that lets a logged-in user open the board in every stage (all stages are 0483:df11). */
export const linuxUdevRule = {
  /** Must sort before `73-seat-late.rules`, where `uaccess` is applied, or the tag silently does nothing. */
  path: '/etc/udev/rules.d/70-stm32mp-flasher.rules',
  rule: 'SUBSYSTEM=="usb", ATTRS{idVendor}=="0483", ATTRS{idProduct}=="df11", TAG+="uaccess"',
  reload: 'sudo udevadm control --reload-rules && sudo udevadm trigger',
} as const;

const linuxAccess = `Linux refused access to the USB device. Create ${linuxUdevRule.path} containing
  ${linuxUdevRule.rule}
(the file name must sort before 73-seat-late.rules, or uaccess silently does nothing), then run
  ${linuxUdevRule.reload}
and unplug and replug the board.`;

const windowsDriver =
  'Windows has no WinUSB driver bound to the board (0483:df11): install it with ST’s STM32 DFU driver (shipped with STM32CubeProgrammer) or with Zadig (choose WinUSB for "DFU in HS Mode" and for each later stage).';

const busy =
  'Another program holds the board (STM32CubeProgrammer, dfu-util, a virtual machine’s USB filter): close it, then try again.';

/** What a person can do when the host refuses to open the board; per OS where the fix differs. */
const hints: Partial<Record<UsbErrorCode, Partial<Record<NodeJS.Platform, string>> & { default: string }>> = {
  access: {
    linux: linuxAccess,
    win32: `Windows refused access: another program may hold the board, or the driver is not WinUSB. ${windowsDriver}`,
    default: `The system refused access to the USB device. ${busy}`,
  },
  'not-supported': {
    win32: windowsDriver,
    default: 'libusb cannot drive this device on this system; check that no kernel driver claims it.',
  },
  busy: { default: busy },
  'no-device': {
    default: 'The board left the bus before it could be opened: check the cable and the power supply.',
  },
};

export function openRefusalHint(code: UsbErrorCode, platform: NodeJS.Platform): string {
  const perOs = hints[code];
  if (perOs === undefined)
    return 'Unplug and replug the board, then try again; if it persists, try another USB port.';
  return perOs[platform] ?? perOs.default;
}

/** A `UsbError` from `open`, carrying the hint for this OS. */
export class UsbOpenError extends UsbError {
  readonly hint: string;

  constructor(code: UsbErrorCode, message: string, hint: string) {
    super(code, message);
    this.hint = hint;
  }
}
