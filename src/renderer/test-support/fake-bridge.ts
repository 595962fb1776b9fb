import {
  defaultSettings,
  type BoardSummary,
  type EventName,
  type EventPayloadOf,
  type FlasherBridge,
  type RequestName,
  type RequestOf,
  type ResponseOf,
} from '../../shared/contract';
import { errorData, type ErrorCode } from '../../shared/errors';

type Handler<N extends RequestName> = (payload: RequestOf<N>) => ResponseOf<N> | Promise<ResponseOf<N>>;
type Handlers = { [N in RequestName]?: Handler<N> };

/** A handler throws this to answer with the contract's error envelope. */
export class FakeFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
  ) {
    super(message ?? code);
  }
}

/**
 * The bridge the renderer talks to, faked: requests answered by scripted handlers (sensible defaults for
 * the ones a panel asks at start), every request recorded, and events pushed with `emit`.
 */
export class FakeBridge implements FlasherBridge {
  readonly requests: { name: RequestName; payload: unknown }[] = [];
  readonly #listeners = new Map<string, Set<(payload: unknown) => void>>();
  readonly #handlers: Handlers = {
    'app.info': () => ({
      name: 'STM32MP Flasher',
      version: '9.9.9',
      platform: 'linux',
      transport: 'browser-shell',
      virtualMachine: 'none',
    }),
    'boards.list': () => ({ boards: [] }),
    'layout.current': () => ({ report: null }),
    'settings.get': () => ({ settings: defaultSettings, notice: null, reconnectTimeoutOverrideMs: null }),
    'settings.update': (patch) => ({
      settings: { ...defaultSettings, ...patch },
      notice: null,
      reconnectTimeoutOverrideMs: null,
    }),
    'console.list': () => ({ ports: [] }),
    'console.open': ({ path }) => ({ consoleId: path, warning: null }),
    'console.history': () => ({ text: '' }),
    'console.close': () => ({ closed: true }),
    'layout.digest': ({ path }) => ({ path, sha256: 'ab'.repeat(32), bytes: 1234 }),
    'program.start': () => ({ runId: 'run-1' }),
    'program.cancel': () => ({ cancelled: true }),
    'program.fastPath': ({ fast }) => ({
      path: 'dfu',
      reason: fast === 'off' ? null : 'the FIP holds no U-Boot',
    }),
    'station.get': () => ({ view: null }),
  };

  handle<N extends RequestName>(name: N, handler: Handler<N>): this {
    (this.#handlers as Record<string, unknown>)[name] = handler;
    return this;
  }

  withBoards(boards: BoardSummary[]): this {
    return this.handle('boards.list', () => ({ boards }));
  }

  async request(name: RequestName, payload: unknown): Promise<unknown> {
    this.requests.push({ name, payload });
    const handler = this.#handlers[name] as ((payload: unknown) => unknown) | undefined;
    if (handler === undefined) return { ok: false, error: errorData('BAD_REQUEST', `No fake for ${name}`) };
    try {
      return { ok: true, value: await handler(payload) };
    } catch (error) {
      if (error instanceof FakeFailure) return { ok: false, error: errorData(error.code, error.message) };
      throw error;
    }
  }

  subscribe(name: EventName, listener: (payload: unknown) => void): () => void {
    const set = this.#listeners.get(name) ?? new Set();
    set.add(listener);
    this.#listeners.set(name, set);
    return () => set.delete(listener);
  }

  pathForFile(): string | null {
    return null;
  }

  emit<N extends EventName>(name: N, payload: EventPayloadOf<N>): void {
    for (const listener of this.#listeners.get(name) ?? []) listener(payload);
  }

  requestsNamed(name: RequestName): unknown[] {
    return this.requests.filter((request) => request.name === name).map((request) => request.payload);
  }
}
