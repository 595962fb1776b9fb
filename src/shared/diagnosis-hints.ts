/**
 * The hints of a failed run's diagnosis (the engine's `diagnosis.ts` ranks them by what it saw). Texts that embed
 * a value are functions of it.
 */
export const diagnosisHints = {
  resetAndRetry: 'Reset the board (reset button or power cycle, boot switches on USB), then program again.',
  /** After a refused image the board is fine: only the images change (no power or cable advice). */
  resetWithOtherImages:
    'Reset the board (reset button, boot switches on USB), then program again with the images the board takes.',
  power:
    'Power the board from a 5 V / 3 A supply: a weak supply (a PC port, a thin cable) resets or stalls it under load.',
  cable:
    'Use a short data cable straight into a port of the computer (no hub, no front-panel or monitor port).',
  bootSwitches: 'Check the boot switches select USB (serial) boot, so the ROM code waits for the host.',
  console:
    'Open the board’s console (--console <port>, the ST-Link virtual COM port) to see what it does at this step.',
  udevNotRunning:
    'No udev daemon runs on this computer (a container or a minimal system), and the USB library learns of boards that come back only from its events: start systemd-udevd (or eudev) and program again. In a container, run the flasher on the host, or give the container the host’s udev (--net=host -v /run/udev:/run/udev:ro) besides the USB devices.',
  fullSpeed:
    'The link runs at Full Speed (12 Mbit/s) though the board does High Speed: a USB 1.1 port, a hub or a virtual machine’s USB controller is in the way, and each stage change is slower to be seen.',
  /** U-Boot's console says its gadget is up (`line`), yet the host never saw the board as `identity`. */
  cameBackUnseen: (line: string, identity: string, bindWinUsb: boolean): string =>
    `The board did come back: its console shows U-Boot set up its DFU alternates ("${line}"), yet this computer never saw it on USB. The USB filter of the virtual machine, or the driver, does not take the board’s new identity, ${identity}: add a filter for 0483:df11 with any name and revision${bindWinUsb ? ', and bind WinUSB to the new identity' : ''}.`,
  /** The fast path: the board left stm32prog after the script and never came back as U-Boot's fastboot gadget. */
  fastbootNotBack:
    'The board never came back as U-Boot’s fastboot device (0483:0afb): its U-Boot may not run the script or start fastboot on this board. Reset the board and program over DFU with --fast off (or --fast auto), and check the FIP is a fastboot build for this memory.',
  stillWorking:
    'The board was still erasing or writing when the deadline passed: raise --reconnect-timeout (e.g. 120000).',
  /** The board's console shows its firmware crashed (`line`) when it was started. */
  firmwarePanicked: (line: string): string =>
    `The board started the image it was sent, then crashed: its console shows "${line}". A TF-A panic right after the ROM starts it means the TF-A build or its device tree does not fit this board (DDR, clocks, PMIC, UART): rebuild TF-A for this board.`,
  /** The FSBL was started and the board never answered again; no console to say why. */
  fsblNotBack:
    'The FSBL (partition 0x01) was started, but the board never answered again (no status, no new device): read the board’s UART console. A TF-A that panics or hangs there does not fit this board (its device tree, DDR or clock settings).',
  /** A status request stalled while the just-sent first stage took over (manifest). */
  manifestStall: (usbText: string): string =>
    `The status request stalled (${usbText}) while the FSBL just loaded took over: it probably crashed or runs with wrong clocks on this board. Check the UART console and the HSE/clock settings of its device tree against the reference board.`,
  /** A DFU device with empty strings where the ROM code was expected. */
  unidentified:
    'What is on the bus is no longer the ROM code (a DFU device without manufacturer, product or serial): reset or power-cycle the board in USB boot mode before retrying, and read the UART console.',
  neverDetached:
    'The board kept running its stage after DETACH: its firmware does not leave on DETACH (an old or modified TF-A or U-Boot), or it is stuck; its console may say which.',
  returnedElsewhere: (ports: readonly string[]): string =>
    `The board has no serial number, so it is recognised by its USB port; a board came back on ${ports.join(', ')} instead. Keep it on one port (no hub that renumbers), program one board at a time, or give it a serial (OTP).`,
  ambiguous:
    'Several boards without serial numbers came back at once and cannot be told apart: program them one at a time (unplug the others, or pass --device).',
  wasReset: (returnedStage: string | undefined, expectedStage: string | undefined): string =>
    `The board came back in the ${returnedStage ?? 'ROM'} stage instead of ${expectedStage ?? 'the next one'}: it was reset. ${diagnosisHints.power}`,
  /** U-Boot's "Couldn't find part N" on a partial update: the memory has no partition table with that part. */
  noPartitionTable:
    'The memory has no partition table with this layout’s partitions yet: a partial update (--only, --skip) keeps the table already on the memory and cannot write one. Program the full layout once, then --only works for later updates.',
  errorStatus: (boardText: string | undefined): string =>
    `The board reported: "${boardText ?? 'an error'}". Its console usually says more; check the partition fits its memory and the memory is there.`,
  refusedImage: (boardText: string | undefined): string =>
    `The board refused the image and said: "${boardText ?? 'nothing more'}".`,
  writeDeadline: (deadlineMs: number): string =>
    `The board was still writing to its memory (or stuck) when the write deadline of ${deadlineMs / 1000} s passed: raise it with --write-timeout (e.g. ${Math.max(600_000, deadlineMs * 2)}) for a slow memory or a large erase.`,
  socMismatch:
    'Pick the FlashLayout made for this board’s SoC (its file name names it, e.g. stm32mp157…, stm32mp135…, stm32mp257…).',
  needsReset:
    'The board is left from an earlier run (another layout, or an error): it must start again from its ROM code.',
  /** After a success: `where` names the memory to boot from. */
  bootFrom: (where: string): string => `Set the boot switches to boot from ${where}, then reset the board.`,
} as const;
