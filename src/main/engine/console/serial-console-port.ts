import type { Readable } from 'node:stream';
import type { ConsoleWarningCode } from './console-warning';

/** An opened console: its byte stream and how to close it. */
export interface ConsolePortHandle {
  readonly stream: Readable;
  close(): Promise<void>;
}

/** Line settings of a serial console; STM32MP consoles run at 115200 8N1. */
export interface SerialLineSettings {
  readonly baudRate: number;
  readonly dataBits: 5 | 6 | 7 | 8;
  readonly parity: 'none' | 'even' | 'odd';
  readonly stopBits: 1 | 2;
}

export const defaultSerialLineSettings: SerialLineSettings = {
  baudRate: 115200,
  dataBits: 8,
  parity: 'none',
  stopBits: 1,
};

export type OpenSerialPort = (path: string, settings: SerialLineSettings) => Promise<ConsolePortHandle>;

/** Opens a serial port with npm `serialport` 13, locked against other programs (its default). */
export const openSerialPort: OpenSerialPort = async (path, settings) => {
  const { SerialPort } = await import('serialport');
  const port = new SerialPort({ path, ...settings, autoOpen: false });
  await new Promise<void>((resolve, reject) => {
    port.open((error) => (error ? reject(error) : resolve()));
  });
  return {
    stream: port,
    close: () =>
      new Promise<void>((resolve) => {
        if (!port.isOpen) {
          resolve();
          return;
        }
        port.close(() => resolve());
      }),
  };
};

/** Sorts an open failure of npm `serialport` (Linux, macOS, Windows texts) into a warning code. */
export function classifyOpenError(error: unknown): Exclude<ConsoleWarningCode, 'CONSOLE_NOT_FOUND'> {
  const text = `${error instanceof Error ? error.message : String(error)} ${
    typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : ''
  }`;
  if (/cannot lock|resource busy|EBUSY|EAGAIN|temporarily unavailable|Access denied/i.test(text)) {
    return 'CONSOLE_PORT_BUSY';
  }
  if (/permission denied|EACCES|EPERM/i.test(text)) return 'CONSOLE_PORT_ACCESS';
  if (/no such file|ENOENT|file not found|cannot find/i.test(text)) return 'CONSOLE_PORT_MISSING';
  return 'CONSOLE_OPEN_FAILED';
}
