/**
 * Every error code that crosses a process boundary, with the text a person reads.
 * Errors travel as plain data ({ code, message, hint }), never as thrown Error objects.
 */
export type HostOs = 'linux' | 'darwin' | 'win32';

export interface ErrorText {
  readonly message: string;
  /** What a person can do about it; per OS where the fix differs. */
  readonly hint: string | ({ readonly default: string } & Partial<Record<HostOs, string>>);
}

export const errorCatalog = {
  BAD_REQUEST: {
    message: 'The request does not match the contract.',
    hint: 'This is a bug in the caller: the request name or its payload is not what the contract declares.',
  },
  INTERNAL_ERROR: {
    message: 'Something failed inside the application.',
    hint: 'Copy the diagnostics and report it; the operation that failed was not completed.',
  },
  UNTRUSTED_SENDER: {
    message: 'The request came from a page or connection that is not this application.',
    hint: 'Only the application window and the browser shell page opened with its token may send requests.',
  },
  NOT_IN_BROWSER: {
    message: 'This needs the desktop app: a web browser gives no file dialog or file paths.',
    hint: 'Type the path of the FlashLayout .tsv into the path field, or start the browser shell with --layout <file>.',
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
  TRANSPORT_CLOSED: {
    message: 'The connection to the application was lost.',
    hint: 'Reload the page; in the browser shell, check that `stm32mp-flasher serve` is still running.',
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

export function hintFor(code: ErrorCode, os: string): string {
  const hint: ErrorText['hint'] = (errorCatalog as Record<ErrorCode, ErrorText>)[code].hint;
  if (typeof hint === 'string') return hint;
  return (os === 'linux' || os === 'darwin' || os === 'win32' ? hint[os] : undefined) ?? hint.default;
}

/** Builds the plain error record for a code, with an optional more specific message. */
export function errorData(code: ErrorCode, message?: string, os = 'linux'): FlasherErrorData {
  return { code, message: message ?? errorCatalog[code].message, hint: hintFor(code, os) };
}

/** Thrown inside one process only; turned into FlasherErrorData at every boundary. */
export class FlasherError extends Error {
  readonly code: ErrorCode;
  readonly hint: string;

  constructor(code: ErrorCode, message?: string, hint?: string) {
    super(message ?? errorCatalog[code].message);
    this.name = 'FlasherError';
    this.code = code;
    this.hint = hint ?? hintFor(code, 'linux');
  }

  toData(): FlasherErrorData {
    return { code: this.code, message: this.message, hint: this.hint };
  }
}
