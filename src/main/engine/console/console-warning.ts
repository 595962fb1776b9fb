/** Why a console could not be opened: never fatal, programming goes on without it. */
export const consoleWarningCodes = [
  'CONSOLE_PORT_BUSY',
  'CONSOLE_PORT_ACCESS',
  'CONSOLE_PORT_MISSING',
  'CONSOLE_OPEN_FAILED',
  'CONSOLE_NOT_FOUND',
] as const;
export type ConsoleWarningCode = (typeof consoleWarningCodes)[number];

export interface ConsoleWarning {
  readonly code: ConsoleWarningCode;
  readonly message: string;
  readonly hint: string;
  readonly path: string | null;
}

const hints: Readonly<Record<ConsoleWarningCode, (holder: string | null) => string>> = {
  CONSOLE_PORT_BUSY: (holder) =>
    `${holder === null ? 'Another program' : holder} holds the port: close it (or its terminal tab) to see the board's console here. Programming goes on without the console.`,
  CONSOLE_PORT_ACCESS: () =>
    process.platform === 'linux'
      ? 'Your user may not open serial ports: add it to the `dialout` group (`sudo usermod -aG dialout $USER`), then log in again. Programming goes on without the console.'
      : 'The system refused access to the port. Programming goes on without the console.',
  CONSOLE_PORT_MISSING: () =>
    'The port is not there (any more): check the ST-Link USB cable, or pick another port. Programming goes on without the console.',
  CONSOLE_OPEN_FAILED: () => 'The port could not be opened. Programming goes on without the console.',
  CONSOLE_NOT_FOUND: () =>
    'No ST-Link virtual COM port was found: connect the board’s ST-Link USB port to see its console, or pass --console <path>.',
};

export function consoleWarning(
  code: ConsoleWarningCode,
  message: string,
  path: string | null,
  holder: string | null = null,
): ConsoleWarning {
  return { code, message, path, hint: hints[code](holder) };
}
