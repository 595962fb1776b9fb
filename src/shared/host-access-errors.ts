import type { ErrorText } from './error-text';
import { winUsbHint } from './host-access-hints';

/** The codes of the steps that let this computer open a board (udev rule, Windows driver), in the one catalog. */
export const hostAccessErrorTexts = {
  UDEV_RULE_LINUX_ONLY: {
    message: 'A udev rule is for Linux: this computer runs another system.',
    hint: {
      default: 'This system needs no udev rule; the board’s note says what it needs instead.',
      win32: winUsbHint,
      darwin: 'macOS needs no rule or driver for the board (USB 0483:df11).',
    },
  },
  WINDOWS_DRIVER_WINDOWS_ONLY: {
    message: 'ST’s DFU driver installer is for Windows: this computer runs another system.',
    hint: {
      default: 'This system needs no driver for the board; the board’s note says what it needs instead.',
      linux: 'Linux needs a udev rule, not a driver: “Install rule” on the board’s note installs it.',
      darwin: 'macOS needs no rule or driver for the board (USB 0483:df11).',
    },
  },
  ST_DRIVER_INSTALLER_NOT_FOUND: {
    message:
      'STM32CubeProgrammer’s DFU driver installer (STM32Bootloader.bat) was not found on this computer.',
    hint: 'Bind WinUSB to the board in Device Manager or with Zadig, as the board’s note says; or install STM32CubeProgrammer, then try again.',
  },
} as const satisfies Record<string, ErrorText>;
