/**
 * The texts of the DFU driver: what each DFU 1.1 status means (as the specification and dfu-util say it) and what
 * a person can do about each way a DFU operation fails.
 */

/** Each DFU 1.1 status, keyed by the protocol data's name: its DFU 1.1 spelling and what it means. */
export const dfuStatusTexts = {
  ok: { label: 'OK', message: 'No error condition is present.' },
  errTarget: { label: 'errTARGET', message: 'The file is not targeted for use by this device.' },
  errFile: { label: 'errFILE', message: 'The file is for this device but fails a vendor-specific check.' },
  errWrite: { label: 'errWRITE', message: 'The device is unable to write memory.' },
  errErase: { label: 'errERASE', message: 'The memory erase function failed.' },
  errCheckErased: { label: 'errCHECK_ERASED', message: 'The memory erase check failed.' },
  errProg: { label: 'errPROG', message: 'The program memory function failed.' },
  errVerify: { label: 'errVERIFY', message: 'The programmed memory failed verification.' },
  errAddress: { label: 'errADDRESS', message: 'Cannot program memory due to an address out of range.' },
  errNotDone: {
    label: 'errNOTDONE',
    message: 'Received a zero-length download but the device does not think it has all the data yet.',
  },
  errFirmware: {
    label: 'errFIRMWARE',
    message: "The device's firmware is corrupt; it cannot return to run-time operations.",
  },
  errVendor: {
    label: 'errVENDOR',
    message: 'A vendor-specific error; the string descriptor iString says more.',
  },
  errUsbr: { label: 'errUSBR', message: 'The device detected an unexpected USB reset signalling.' },
  errPor: { label: 'errPOR', message: 'The device detected an unexpected power-on reset.' },
  errUnknown: {
    label: 'errUNKNOWN',
    message: 'Something went wrong on the device, but it cannot tell what (U-Boot: a failed write).',
  },
  errStalledPkt: { label: 'errSTALLEDPKT', message: 'The device stalled an unexpected request.' },
} as const satisfies Record<string, { readonly label: string; readonly message: string }>;

/** What a status value outside DFU 1.1 means. */
export const undefinedDfuStatusText = 'A status value DFU 1.1 does not define.';

/** What to do when a DFU operation fails, keyed by the driver's error code (`DfuErrorCode`). */
export const dfuErrorHints = {
  DFU_ERROR_STATUS:
    'The board refused the data; its console (UART) usually says why. Reset the board and program again.',
  DFU_TRANSFER_ERROR:
    'A USB control transfer failed while the board stayed on the bus: try another cable, a port on the computer itself (no hub), and check the board supply (5 V / 3 A).',
  DFU_DEVICE_GONE:
    'The board left the USB bus: check the cable and the power supply, then reset the board and program again.',
  DFU_CANCELLED:
    'The transfer was cancelled; the partition is incomplete. Reset the board, then program again.',
  DFU_NO_DFU_INTERFACE:
    'The device has no DFU interface: it is not an STM32MP in USB boot (check the boot switches).',
  DFU_BAD_ANSWER:
    'The board answered with fewer bytes than DFU requires; reset the board. If it persists, report it with the log.',
  DFU_UNEXPECTED_STATE:
    'The board is in a DFU state this step cannot continue from (possibly left from an earlier run): reset it and program again.',
  DFU_ALTERNATE_NOT_FOUND:
    'The board offers no DFU alternate setting for this phase: the board and the FlashLayout do not match, or the board was left from an earlier run. Reset it.',
  DFU_STILL_BUSY: 'The board stayed busy past the deadline; reset the board and program again.',
  DFU_SOURCE_ERROR:
    'The image could not be read while it was being sent (moved, truncated, or on a drive that went away): check the file, reset the board and program again.',
} as const satisfies Record<string, string>;

/** A request during which the board writes to its memory got no answer within the write deadline. */
export function dfuWriteDeadlineHint(deadlineMs: number): string {
  return `The board was still writing (or is stuck) when the write deadline passed: raise it (--write-timeout, e.g. ${Math.max(600_000, deadlineMs * 2)}) for a slow memory, and watch the board's console.`;
}
