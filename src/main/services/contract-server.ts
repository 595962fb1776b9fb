import type { z } from 'zod';
import {
  events,
  isRequestName,
  requests,
  type EventName,
  type EventPayloadOf,
  type Reply,
  type RequestName,
  type RequestOf,
  type ResponseOf,
} from '../../shared/contract';
import { errorData, FlasherError, type ErrorCode, type FlasherErrorData } from '../../shared/errors';

/** Who sent a request, as far as the transport knows; handlers may use it to scope work. */
export interface RequestContext {
  readonly transport: 'electron' | 'browser-shell';
  /** A stable id of the window or WebSocket connection. */
  readonly clientId: string;
}

export type RequestHandlers = {
  [N in RequestName]: (
    payload: RequestOf<N>,
    context: RequestContext,
  ) => Promise<ResponseOf<N>> | ResponseOf<N>;
};

export type EventListener = (name: EventName, payload: unknown) => void;

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(payload)'}: ${issue.message}`)
    .join('; ');
}

/** A handler's failure as plain data, with the hint for the OS the app runs on. */
function toErrorData(error: unknown, platform: string): FlasherErrorData {
  if (error instanceof FlasherError) return error.toData(platform);
  const detail = error instanceof Error ? error.message : String(error);
  return errorData('INTERNAL_ERROR', `Something failed inside the application: ${detail}`, platform);
}

/**
 * Serves the contract: validates every payload against its schema, calls the handler, and answers
 * with plain data. Both transports (Electron's ipcMain and the browser shell's WebSocket) sit on one
 * instance, so validation and error shapes cannot differ between them.
 */
export class ContractServer {
  readonly #handlers: RequestHandlers;
  readonly #platform: string;
  readonly #listeners = new Set<EventListener>();

  readonly #onUnexpected: (name: string, error: unknown) => void;

  /**
   * `platform`: the host's (`process.platform`), whose hints the error replies carry. `onUnexpected` hears of a
   * handler's error that is not a FlasherError (answered as INTERNAL_ERROR): the app's log keeps it.
   */
  constructor(
    handlers: RequestHandlers,
    platform: string,
    onUnexpected: (name: string, error: unknown) => void = () => undefined,
  ) {
    this.#handlers = handlers;
    this.#platform = platform;
    this.#onUnexpected = onUnexpected;
  }

  async handle(name: unknown, payload: unknown, context: RequestContext): Promise<Reply<unknown>> {
    if (!isRequestName(name)) {
      // Quoted short: a client must not make the server echo a megabyte back.
      const quoted = (JSON.stringify(name) ?? String(name)).slice(0, 80);
      return { ok: false, error: this.#error('BAD_REQUEST', `Unknown request ${quoted}.`) };
    }
    const parsed = requests[name].request.safeParse(payload ?? {});
    if (!parsed.success) {
      return {
        ok: false,
        error: this.#error('BAD_REQUEST', `Invalid payload for ${name}: ${describeIssues(parsed.error)}.`),
      };
    }
    try {
      const handler = this.#handlers[name] as (p: unknown, c: RequestContext) => unknown;
      const value = await handler(parsed.data, context);
      const checked = requests[name].response.safeParse(value);
      if (!checked.success) {
        return {
          ok: false,
          error: this.#error(
            'INTERNAL_ERROR',
            `The answer to ${name} broke the contract: ${describeIssues(checked.error)}.`,
          ),
        };
      }
      return { ok: true, value: checked.data };
    } catch (error) {
      if (!(error instanceof FlasherError)) this.#onUnexpected(name, error);
      return { ok: false, error: toErrorData(error, this.#platform) };
    }
  }

  #error(code: ErrorCode, message: string): FlasherErrorData {
    return errorData(code, message, this.#platform);
  }

  /** Sends an event to every transport; a payload that breaks its schema is a bug and throws here, in main. */
  emit<N extends EventName>(name: N, payload: EventPayloadOf<N>): void {
    const checked = events[name].payload.parse(payload);
    for (const listener of this.#listeners) listener(name, checked);
  }

  onEvent(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
