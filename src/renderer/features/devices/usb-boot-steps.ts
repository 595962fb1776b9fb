/**
 * How to put each board ST ships into USB (serial) boot, as its sources settle it. Where no source we hold settles
 * a fact, the text says to look in the board's user manual rather than guess.
 *
 * - DK1/DK2 (MB1272): U-Boot doc/board/st/stm32mp1.rst, "Switch Setting for Boot Mode": SW1 carries BOOT0 and
 *   BOOT2; Recovery (serial boot: UART/USB) is BOOT2 = 0, BOOT0 = 0. USB Type-C OTG port CN7; power on the USB-C
 *   power connector, 5 V / 3 A.
 * - STM32MP157x-EV1 (daughter board MB1263): same document, SW1 = BOOT0, BOOT1, BOOT2; Recovery is 0 0 0.
 *   Which connector is its OTG port: not settled here.
 * - STM32MP135F-DK, STM32MP257F-DK, STM32MP257F-EV1: their switch settings for serial boot are not settled here.
 *   The MP257F boards' USB Type-C DRD/OTG port is CN15 (ST on its community forum for the EV1; UM3385 figure 4,
 *   as cited by a third party, for the DK).
 */
export interface UsbBootSteps {
  /** What the picker shows. */
  readonly board: string;
  readonly switches: string;
  readonly usbPort: string;
  readonly power: string;
}

const userManual = "see the board's user manual";

export const usbBootSteps: readonly UsbBootSteps[] = [
  {
    board: 'STM32MP157x-DK1 / DK2',
    switches: 'Set both BOOT switches (SW1: BOOT0 and BOOT2) off: serial boot (USB).',
    usbPort: 'Connect its USB Type-C OTG port (CN7, not the ST-LINK port)',
    power: 'Power it with a 5 V / 3 A supply on its USB-C power connector, then press reset.',
  },
  {
    board: 'STM32MP157x-EV1',
    switches:
      'Set the three BOOT switches (SW1 on the daughter board: BOOT0, BOOT1 and BOOT2) off: serial boot (USB).',
    usbPort: `Connect its USB OTG port (not the ST-LINK port; for the connector, ${userManual})`,
    power: 'Power it with its own supply, then press reset.',
  },
  {
    board: 'STM32MP135F-DK',
    switches: `Set its boot switches to serial boot (USB); for the positions, ${userManual}.`,
    usbPort: `Connect its USB OTG port (not the ST-LINK port; for the connector, ${userManual})`,
    power: 'Power it with its own supply, then press reset.',
  },
  {
    board: 'STM32MP257F-DK',
    switches: `Set its boot switches to serial boot (USB); for the positions, ${userManual}.`,
    usbPort: 'Connect its USB Type-C OTG port (CN15, not the ST-LINK port)',
    power: 'Power it with a 5 V / 3 A USB-C supply, then press reset.',
  },
  {
    board: 'STM32MP257F-EV1',
    switches: `Set its boot switches to serial boot (USB); for the positions, ${userManual}.`,
    usbPort: 'Connect its USB Type-C DRD port (CN15, not the ST-LINK port)',
    power: 'Power it with its own supply, then press reset.',
  },
];
