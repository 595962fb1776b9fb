/**
 * What to do when a board is visible on the bus but cannot be opened, per OS (as qFlipper does): the
 * exact rule, driver or filter, not "check your drivers".
 */
export interface UnopenableFix {
  readonly summary: string;
  readonly steps: readonly string[];
  /** Text worth copying as is (a udev rule). */
  readonly snippet: string | null;
}

const udevRule = 'SUBSYSTEM=="usb", ATTRS{idVendor}=="0483", ATTRS{idProduct}=="df11", TAG+="uaccess"';

const virtualMachine =
  'In a virtual machine, add a USB filter for 0483:df11 that matches it in every stage: the board leaves the bus and comes back with another product name between stages.';

export function unopenableFix(platform: string): UnopenableFix {
  if (platform === 'win32') {
    return {
      summary: 'Windows has no WinUSB driver bound to the board (USB 0483:df11).',
      steps: [
        'Install WinUSB for "DFU in FS Mode" / "STM32 BOOTLOADER" (0483:df11) with Zadig, or with the USB driver installer that comes with STM32CubeProgrammer.',
        'Unplug and replug the board; if it shows up under another name in a later stage, bind WinUSB to that one too.',
        virtualMachine,
      ],
      snippet: null,
    };
  }
  if (platform === 'darwin') {
    return {
      summary: 'macOS needs no driver for the board: another program probably holds it.',
      steps: [
        'Close STM32CubeProgrammer, dfu-util or any other tool that talks to the board, then unplug and replug it.',
        virtualMachine,
      ],
      snippet: null,
    };
  }
  return {
    summary: 'Linux does not let your user open the board (USB 0483:df11): it needs a udev rule.',
    steps: [
      'Create /etc/udev/rules.d/70-stm32mp-flasher.rules with the line below. Its name must sort before 73-seat-late.rules, or TAG+="uaccess" silently does nothing.',
      'Run: sudo udevadm control --reload-rules && sudo udevadm trigger, then unplug and replug the board.',
      virtualMachine,
    ],
    snippet: udevRule,
  };
}
