import type { ConsolePort, EventPayloadOf } from '../../shared/contract';
import type { ConsoleEvent, ConsoleService } from '../engine/console/console-service';

type ConsoleData = EventPayloadOf<'console.data'>;

/** How long console text is gathered before it crosses IPC: a burst becomes a few events, not thousands. */
export const consoleFlushMs = 50;

export interface ConsoleHubOptions {
  readonly service: ConsoleService;
  readonly emit: (data: ConsoleData) => void;
  readonly setTimer?: (callback: () => void, ms: number) => { unref?: () => void };
}

/**
 * The console side of the contract: serial ports and virtual boards' consoles in one list, open/close,
 * history, and `console.data` events coalesced per console.
 */
export class ConsoleHub {
  readonly #service: ConsoleService;
  readonly #emit: (data: ConsoleData) => void;
  readonly #setTimer: NonNullable<ConsoleHubOptions['setTimer']>;
  readonly #pending = new Map<string, string>();
  #timerArmed = false;
  readonly #stop: () => void;

  constructor(options: ConsoleHubOptions) {
    this.#service = options.service;
    this.#emit = options.emit;
    this.#setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    this.#stop = this.#service.subscribe((event) => this.#receive(event));
  }

  async list(): Promise<ConsolePort[]> {
    const open = new Map(this.#service.consoles().map((info) => [info.id, info]));
    const serial = (await this.#service.list()).map((port): ConsolePort => ({
      path: port.path,
      label: [port.path, port.manufacturer].filter((part) => part !== null).join(' · '),
      kind: 'serial',
      stLink: port.stLink,
      open: open.has(port.path),
    }));
    const streams = [...open.values()]
      .filter((info) => info.kind === 'stream')
      .map((info): ConsolePort => ({
        path: info.id,
        label: `${info.id} (virtual board UART)`,
        kind: 'virtual',
        stLink: false,
        open: true,
      }));
    return [...serial, ...streams];
  }

  async open(path: string, baudRate?: number) {
    if (this.#service.consoles().some((info) => info.id === path)) return { consoleId: path, warning: null };
    const result = await this.#service.openSerial(path, baudRate === undefined ? {} : { baudRate });
    if (result.ok) return { consoleId: result.console.id, warning: null };
    const { code, message, hint } = result.warning;
    return { consoleId: null, warning: { code, message, hint } };
  }

  async close(consoleId: string): Promise<boolean> {
    if (!this.#service.consoles().some((info) => info.id === consoleId)) return false;
    await this.#service.close(consoleId);
    return true;
  }

  history(consoleId: string): string {
    const buffer = this.#service.buffer(consoleId);
    if (buffer === undefined) return '';
    const lines = buffer.lines();
    return `${lines.join('\n')}${lines.length > 0 ? '\n' : ''}${buffer.partialLine}`;
  }

  dispose(): void {
    this.#stop();
    this.#flush();
  }

  #receive(event: ConsoleEvent): void {
    if (event.type === 'data') {
      this.#pending.set(event.consoleId, (this.#pending.get(event.consoleId) ?? '') + event.text);
      if (!this.#timerArmed) {
        this.#timerArmed = true;
        this.#setTimer(() => this.#flush(), consoleFlushMs).unref?.();
      }
      return;
    }
    this.#flush();
    this.#emit(
      event.type === 'marker'
        ? { consoleId: event.consoleId, kind: 'marker', text: event.line }
        : { consoleId: event.consoleId, kind: 'closed', text: event.reason ?? '' },
    );
  }

  #flush(): void {
    this.#timerArmed = false;
    for (const [consoleId, text] of this.#pending) this.#emit({ consoleId, kind: 'data', text });
    this.#pending.clear();
  }
}
