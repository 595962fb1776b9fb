import type { ErrorText } from './error-text';
import { hostAccessErrorTexts } from './host-access-errors';
import { hostAccessHints, noDriverHints } from './host-access-hints';
import { fastPathErrorTexts } from './fast-path-errors';
import { forOs } from './host-os';
import { imageErrorTexts } from './image-errors';
import { stationErrorTexts } from './station-errors';

/**
 * The catalog: every error code that crosses a process boundary, with the text a person reads (message, and hint
 * per OS where the fix differs). The other texts about a failure live in the siblings re-exported below: the DFU
 * driver's (`dfu-hints`), a failed run's diagnosis (`diagnosis-hints`), and what lets this computer open the
 * board (`host-access-hints`: the one udev rule, WinUSB and busy hint), the fix per virtual machine
 * (`virtual-machine-hints`).
 * Station and recipe codes (`station-errors`) and the install steps' codes (`host-access-errors`) are kept in
 * their own files and spread in here: still one catalog, one union of codes.
 * Errors travel as plain data ({ code, message, hint }), never as thrown Error objects.
 */
export * from './dfu-hints';
export * from './diagnosis-hints';
export * from './host-access-hints';
export * from './run-log-hints';
export * from './virtual-machine-hints';
export { forOs, type HostOs, type PerOs } from './host-os';

export type { ErrorText } from './error-text';

export const errorCatalog = {
  BAD_REQUEST: {
    message: 'The request does not match the contract.',
    hint: 'This is a bug in the caller: the request name or its payload is not what the contract declares.',
  },
  INTERNAL_ERROR: {
    message: 'Something failed inside the application.',
    hint: 'Copy the diagnostics and report it; the operation that failed was not completed.',
  },
  LOG_FOLDER_NOT_OPENED: {
    message: 'The log folder could not be opened.',
    hint: 'Open the folder the message names with your file manager; the log file there is stm32mp-flasher.log.',
  },
  UNTRUSTED_SENDER: {
    message: 'The request came from a page or connection that is not this application.',
    hint: 'Only the application window and the browser shell page opened with its token may send requests.',
  },
  NOT_IN_BROWSER: {
    message: 'This needs the desktop app: a web browser gives no file dialog or file paths.',
    hint: 'Type the path of the FlashLayout .tsv into the path field, or start the browser shell with --layout <file>.',
  },
  FILE_NOT_READ: {
    message: 'The file was not read.',
    hint: 'Name a regular file saved on disk: not a folder, a named pipe (FIFO), a socket or a device.',
  },
  PATH_NOT_ALLOWED: {
    message: 'This path is outside the files this application was given.',
    hint: 'In the browser shell, start `serve` with --files <folder> for each folder it may read (default: the --layout’s folder and your home folder); in the desktop app, choose the layout with Browse… or drop it on the window.',
  },
  NO_LAYOUT: {
    message: 'No layout is open.',
    hint: 'Open a FlashLayout .tsv first (the path field, Browse…, or `serve --layout <file>`).',
  },
  BOARD_BUSY: {
    message: 'This board is already being programmed.',
    hint: 'Wait for the current run to end, or cancel it first.',
  },
  RUN_NOT_FOUND: {
    message: 'There is no such programming run.',
    hint: 'The run may have ended already; its result was the last event it sent.',
  },
  // Programming a board (issue 15): the `code` of a failed run's result; the run's diagnosis ranks its own hints.
  DEVICE_NEVER_DETACHED: {
    message: 'The board was told to start its next stage but stayed on the bus.',
    hint: 'Its firmware does not leave on DETACH, or it is stuck: reset the board, then program again.',
  },
  DEVICE_NEVER_RETURNED: {
    message: 'The board left the bus for its next stage and was not seen again.',
    hint: 'A virtual machine’s USB filter or the driver must take 0483:df11 in every stage (the board comes back as a new device); check the supply (5 V / 3 A) and the cable.',
  },
  DEVICE_RETURNED_UNOPENABLE: {
    message: 'The board came back but this computer cannot open it.',
    hint: hostAccessHints,
  },
  DEVICE_RETURNED_ELSEWHERE: {
    message: 'A board without a serial number came back on another port, where it cannot be told apart.',
    hint: 'Keep the board on one port (no hub that renumbers) and program one board at a time.',
  },
  DEVICE_AMBIGUOUS: {
    message: 'Several boards came back that could be this one.',
    hint: 'Program boards without serial numbers one at a time.',
  },
  DEVICE_RESET: {
    message: 'The board came back at an earlier stage: it was reset.',
    hint: 'A weak supply resets the board under load: use 5 V / 3 A and a short cable.',
  },
  DEVICE_UNPLUGGED: {
    message: 'The board left the bus during a transfer.',
    hint: 'Check the cable and the power supply, reset the board, then program again.',
  },
  DEVICE_ERROR_STATUS: {
    message: 'The board reported an error.',
    hint: 'Its text and its console say why; reset the board, then program again.',
  },
  DEVICE_REFUSED_IMAGE: {
    message: 'The board refused an image and said why.',
    hint: 'Its words name the check that failed: send the image this phase needs (a FIP for TF-A at 0x02/0x03 on current firmware, an STM32-headered U-Boot on the 2019 generation, an FSBL with a valid header for the ROM code), then reset the board and program again.',
  },
  DEVICE_TRANSFER_ERROR: {
    message: 'A USB transfer failed while the board stayed on the bus.',
    hint: 'Use another cable, a port of the computer itself (no hub), and a 5 V / 3 A supply.',
  },
  DEVICE_UNIDENTIFIED: {
    message: 'A DFU device answers but cannot be identified: it gives no manufacturer, product or serial.',
    hint: 'What is on the bus is no longer the ROM code: reset or power-cycle the board in USB boot mode, then program again; its console says what runs instead.',
  },
  DEVICE_NOT_FOUND: {
    message: 'No STM32MP board in USB boot was found.',
    hint: 'Set the boot switches to USB boot, connect the USB OTG port, power the board, and try again.',
  },
  DEVICE_CHOICE_NEEDED: {
    message: 'Several boards are present.',
    hint: 'Choose one with --device <usbN|serial|port> (see `stm32mp-flasher list`).',
  },
  DEVICE_UNOPENABLE: {
    message: 'This computer cannot open the board.',
    hint: hostAccessHints,
  },
  DEVICE_NO_DRIVER: {
    message: 'This computer has no driver for the board that the USB library can use.',
    hint: noDriverHints,
  },
  BOARD_NEEDS_RESET: {
    message: 'The board is left from an earlier run and cannot continue this one.',
    hint: 'Reset the board (boot switches on USB), then program again.',
  },
  LAYOUT_SOC_MISMATCH: {
    message: 'The layout is for another SoC than the board’s.',
    hint: 'Pick the FlashLayout made for this board (its file name names the SoC).',
  },
  PARTITION_SELECTION_INVALID: {
    message: 'The partitions asked for (--only / --skip) are not in the layout.',
    hint: 'Name partitions by the Id column of the layout (e.g. 0x21), with either --only or --skip, not both.',
  },
  LAYOUT_INVALID: {
    message: 'The layout has errors; nothing was sent to the board.',
    hint: 'Fix the lines the check names (`stm32mp-flasher check <layout.tsv>` lists them), then program again.',
  },
  IMAGE_UNREADABLE: {
    message: 'An image of the layout could not be read while it was being sent.',
    hint: 'Check the file is still there and complete, reset the board, then program again.',
  },
  IMAGE_CHANGED: {
    message: 'An image changed after the layout was checked; nothing more of it was sent.',
    hint: 'Wait until the images are final (a build or a copy may still be writing them), then check the layout again (`stm32mp-flasher check <layout.tsv>`) and program again.',
  },
  RESUME_REPORT_UNREADABLE: {
    message: 'The report to resume from cannot be read as a run report.',
    hint: 'Give the JSON file a run wrote with `program --report <file.json>` (or the app saved), unchanged.',
  },
  RESUME_LAYOUT_CHANGED: {
    message: 'The layout changed since the run the report records; nothing was sent.',
    hint: 'A resumed run must program the same layout: restore it, or program the whole layout again without --resume.',
  },
  RESUME_IMAGE_CHANGED: {
    message: 'An image changed since the run the report records; nothing was sent.',
    hint: 'The finished partitions hold the old image: restore it, or program the whole layout again without --resume.',
  },
  VERIFY_MISMATCH: {
    message: 'A partition read back from the board differs from its image.',
    hint: 'The memory did not keep what was written: program again; if the same partition differs again, the memory (SD card, eMMC) is failing or worn: try another card or board.',
  },
  UNEXPECTED_PHASE: {
    message: 'The board asked for something this layout cannot give.',
    hint: 'Reset the board, then program again; if it repeats, send the --log file with a report.',
  },
  CANCELLED: {
    message: 'The run was cancelled.',
    hint: 'Reset the board (reset button or power cycle, boot switches on USB), then program again: the partition being sent when it stopped is incomplete.',
  },
  RUN_TIMEOUT: {
    message: 'The run took longer than its time limit (--timeout).',
    hint: 'Raise --timeout, or look at the --log file for the step that took long.',
  },
  VIRTUAL_BOARD_RUNNING: {
    message: 'A virtual board is already running in this app.',
    hint: 'Use it (it is in the board list), or restart the app to start another kind.',
  },
  TRANSPORT_CLOSED: {
    message: 'The connection to the application was lost.',
    hint: 'Reload the page; in the browser shell, check that `stm32mp-flasher serve` is still running.',
  },
  CONNECTION_LOST: {
    message: 'The connection to the application was lost before this request was answered.',
    hint: 'The page reconnects by itself and then shows the app as it is: check whether it was done before trying again. If the "Connection lost" notice stays, check that `stm32mp-flasher serve` (or `npm start`) is still running.',
  },
  ...stationErrorTexts,
  ...hostAccessErrorTexts,
  ...imageErrorTexts,
  ...fastPathErrorTexts,
  APP_STOPPED: {
    message: 'The application has stopped; this request was not sent.',
    hint: 'Start it again with `stm32mp-flasher serve` (or `npm start` in its folder) and open the address it prints.',
  },
} as const satisfies Record<string, ErrorText>;

export type ErrorCode = keyof typeof errorCatalog;
export const errorCodes = Object.keys(errorCatalog) as [ErrorCode, ...ErrorCode[]];

/** An error as it crosses IPC, the WebSocket, or the CLI's --json output. */
export interface FlasherErrorData {
  readonly code: ErrorCode;
  readonly message: string;
  readonly hint: string;
}

/** The hint of a code for a platform (`process.platform`); the catalog's default for any other. */
export function hintFor(code: ErrorCode, os: string): string {
  const hint: ErrorText['hint'] = (errorCatalog as Record<ErrorCode, ErrorText>)[code].hint;
  return typeof hint === 'string' ? hint : forOs(hint, os);
}

/** Builds the plain error record for a code, with an optional more specific message, for the host's OS. */
export function errorData(code: ErrorCode, message?: string, os = 'default'): FlasherErrorData {
  return { code, message: message ?? errorCatalog[code].message, hint: hintFor(code, os) };
}

/**
 * Thrown inside one process only; turned into FlasherErrorData at every boundary, which knows the host's OS and
 * so picks the hint for it (unless the thrower gave a hint of its own).
 */
export class FlasherError extends Error {
  readonly code: ErrorCode;
  readonly #hint: string | undefined;

  constructor(code: ErrorCode, message?: string, hint?: string) {
    super(message ?? errorCatalog[code].message);
    this.name = 'FlasherError';
    this.code = code;
    this.#hint = hint;
  }

  /** The hint for a platform: the thrower's own, else the catalog's for that OS. */
  hintFor(os: string): string {
    return this.#hint ?? hintFor(this.code, os);
  }

  toData(os: string): FlasherErrorData {
    return { code: this.code, message: this.message, hint: this.hintFor(os) };
  }
}
