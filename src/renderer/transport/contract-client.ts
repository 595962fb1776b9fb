import {
  events,
  replySchema,
  requests,
  type EventName,
  type EventPayloadOf,
  type FlasherBridge,
  type RequestName,
  type RequestOf,
  type ResponseOf,
} from '../../shared/contract';
import { errorData, type FlasherErrorData } from '../../shared/errors';

/** A failed request, as the renderer sees it: the main side's plain error data. */
export class RemoteError extends Error {
  readonly data: FlasherErrorData;
  constructor(data: FlasherErrorData) {
    super(data.message);
    this.name = 'RemoteError';
    this.data = data;
  }
}

/** The renderer's one typed client of the contract; every answer and event is validated on arrival. */
export class ContractClient {
  readonly #bridge: FlasherBridge;

  constructor(bridge: FlasherBridge) {
    this.#bridge = bridge;
  }

  async request<N extends RequestName>(name: N, payload: RequestOf<N>): Promise<ResponseOf<N>> {
    const raw = await this.#bridge.request(name, payload);
    const reply = replySchema(requests[name].response).safeParse(raw);
    if (!reply.success)
      throw new RemoteError(errorData('INTERNAL_ERROR', `The answer to ${name} broke the contract.`));
    if (!reply.data.ok) throw new RemoteError(reply.data.error);
    return reply.data.value as ResponseOf<N>;
  }

  /** The path of a dropped file, where the transport knows it (the desktop app); null in a browser. */
  pathForFile(file: File): string | null {
    return this.#bridge.pathForFile(file);
  }

  on<N extends EventName>(name: N, listener: (payload: EventPayloadOf<N>) => void): () => void {
    return this.#bridge.subscribe(name, (payload) => {
      const checked = events[name].payload.safeParse(payload);
      if (checked.success) listener(checked.data as EventPayloadOf<N>);
    });
  }
}
