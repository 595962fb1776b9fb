import type { Readable } from 'node:stream';
import { ConsoleRingBuffer, defaultConsoleBufferLimits } from './console-ring-buffer';
import type { ConsoleBufferLimits } from './console-ring-buffer';
import { consoleWarning } from './console-warning';
import type { ConsoleWarning } from './console-warning';
import { findPortHolder } from './port-holder';
import { classifyOpenError, defaultSerialLineSettings, openSerialPort } from './serial-console-port';
import type { ConsolePortHandle, OpenSerialPort, SerialLineSettings } from './serial-console-port';
import { listSerialPorts } from './serial-port-listing';
import type { SerialPortInfo } from './serial-port-listing';

export interface ConsoleInfo {
  /** The serial port's path, or the name given to a stream (e.g. the virtual board's serial). */
  readonly id: string;
  readonly kind: 'serial' | 'stream';
}

/** What subscribers receive: text as it arrives, the lines it completed, markers, and the end. */
export type ConsoleEvent =
  | {
      readonly type: 'data';
      readonly consoleId: string;
      readonly text: string;
      readonly lines: readonly string[];
    }
  | { readonly type: 'marker'; readonly consoleId: string; readonly line: string }
  | { readonly type: 'closed'; readonly consoleId: string; readonly reason: string | null };

export type ConsoleOpenResult =
  | { readonly ok: true; readonly console: ConsoleInfo }
  | { readonly ok: false; readonly warning: ConsoleWarning };

export interface ConsoleServiceOptions {
  readonly listPorts?: () => Promise<SerialPortInfo[]>;
  readonly openPort?: OpenSerialPort;
  readonly findHolder?: (path: string) => Promise<string | null>;
  readonly bufferLimits?: ConsoleBufferLimits;
}

interface OpenConsole {
  readonly info: ConsoleInfo;
  readonly buffer: ConsoleRingBuffer;
  readonly handle: ConsolePortHandle;
  readonly detach: () => void;
}

/** `── flashing partition 0x21 rootfs ──`: how a stage is marked in a console stream. */
export function stageMarker(text: string): string {
  return `── ${text} ──`;
}

/**
 * The consoles of the boards: serial ports owned here, and plain Node streams (a virtual board's UART) as
 * sources of the same kind. Each keeps a bounded ring buffer; events fan out to every subscriber.
 */
export class ConsoleService {
  readonly #consoles = new Map<string, OpenConsole>();
  readonly #listeners = new Set<(event: ConsoleEvent) => void>();
  readonly #listPorts: () => Promise<SerialPortInfo[]>;
  readonly #openPort: OpenSerialPort;
  readonly #findHolder: (path: string) => Promise<string | null>;
  readonly #limits: ConsoleBufferLimits;

  constructor(options: ConsoleServiceOptions = {}) {
    this.#listPorts = options.listPorts ?? (() => listSerialPorts());
    this.#openPort = options.openPort ?? openSerialPort;
    this.#findHolder = options.findHolder ?? findPortHolder;
    this.#limits = options.bufferLimits ?? defaultConsoleBufferLimits;
  }

  /** Serial ports, ST-Link virtual COM ports first; never throws. */
  list(): Promise<SerialPortInfo[]> {
    return this.#listPorts().catch(() => []);
  }

  /**
   * Opens a serial port (`auto`: the first ST-Link virtual COM port) at 115200 8N1 unless told otherwise.
   * Never throws: a port that cannot be opened is a warning (naming the program that holds it).
   */
  async openSerial(
    pathOrAuto: string,
    settings: Partial<SerialLineSettings> = {},
  ): Promise<ConsoleOpenResult> {
    let path = pathOrAuto;
    if (pathOrAuto === 'auto') {
      const stLink = (await this.list()).find((port) => port.stLink);
      if (stLink === undefined) {
        return {
          ok: false,
          warning: consoleWarning('CONSOLE_NOT_FOUND', 'no ST-Link virtual COM port', null),
        };
      }
      path = stLink.path;
    }
    const existing = this.#consoles.get(path);
    if (existing !== undefined) return { ok: true, console: existing.info };
    try {
      const handle = await this.#openPort(path, { ...defaultSerialLineSettings, ...settings });
      return { ok: true, console: this.#adopt({ id: path, kind: 'serial' }, handle) };
    } catch (error) {
      const code = classifyOpenError(error);
      const holder = code === 'CONSOLE_PORT_BUSY' ? await this.#findHolder(path).catch(() => null) : null;
      const reason = error instanceof Error ? error.message : String(error);
      const message = `cannot open ${path}${holder === null ? '' : `: held by ${holder}`} (${reason})`;
      return { ok: false, warning: consoleWarning(code, message, path, holder) };
    }
  }

  /** Takes any readable byte stream (the virtual board's UART) as a console named `id`. */
  attachStream(
    id: string,
    stream: Readable,
    close: () => Promise<void> = async () => void stream.destroy(),
  ): ConsoleInfo {
    const existing = this.#consoles.get(id);
    if (existing !== undefined) return existing.info;
    return this.#adopt({ id, kind: 'stream' }, { stream, close });
  }

  #adopt(info: ConsoleInfo, handle: ConsolePortHandle): ConsoleInfo {
    const buffer = new ConsoleRingBuffer(this.#limits);
    const decoder = new TextDecoder('utf-8');
    const onData = (chunk: Buffer | string): void => {
      const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      if (text === '') return;
      const lines = buffer.append(text);
      this.#emit({ type: 'data', consoleId: info.id, text, lines });
    };
    let error: string | null = null;
    const onError = (cause: Error): void => {
      error = cause.message;
    };
    const onEnd = (): void => {
      if (this.#consoles.get(info.id)?.handle !== handle) return;
      this.#consoles.delete(info.id);
      detach();
      this.#emit({ type: 'closed', consoleId: info.id, reason: error });
    };
    const detach = (): void => {
      handle.stream.off('data', onData);
      handle.stream.off('close', onEnd);
      handle.stream.off('end', onEnd);
      // The error listener stays: a late 'error' from a closed port must never crash the process.
    };
    handle.stream.on('data', onData);
    handle.stream.on('error', onError);
    handle.stream.on('close', onEnd);
    handle.stream.on('end', onEnd);
    this.#consoles.set(info.id, { info, buffer, handle, detach });
    return info;
  }

  /** Closes one console; nothing happens for an unknown id. */
  async close(id: string): Promise<void> {
    const open = this.#consoles.get(id);
    if (open === undefined) return;
    this.#consoles.delete(id);
    open.detach();
    await open.handle.close().catch(() => undefined);
    this.#emit({ type: 'closed', consoleId: id, reason: null });
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.#consoles.keys()].map((id) => this.close(id)));
  }

  consoles(): ConsoleInfo[] {
    return [...this.#consoles.values()].map((open) => open.info);
  }

  /** Subscribes to every console's events; answers the unsubscribe function. */
  subscribe(listener: (event: ConsoleEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Writes a stage marker into one console's stream (or every console's when no id is given). */
  mark(text: string, consoleId?: string): void {
    const line = stageMarker(text);
    for (const open of this.#consoles.values()) {
      if (consoleId !== undefined && open.info.id !== consoleId) continue;
      open.buffer.appendLine(line);
      this.#emit({ type: 'marker', consoleId: open.info.id, line });
    }
  }

  /** The last `count` complete lines of a console (markers included); empty for an unknown id. */
  recentLines(consoleId: string, count: number): string[] {
    return this.#consoles.get(consoleId)?.buffer.lastLines(count) ?? [];
  }

  buffer(consoleId: string): ConsoleRingBuffer | undefined {
    return this.#consoles.get(consoleId)?.buffer;
  }

  #emit(event: ConsoleEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // One subscriber's failure must not starve the others.
      }
    }
  }
}
