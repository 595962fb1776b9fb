import WebSocket from 'ws';

export interface ContractClient {
  readonly socket: WebSocket;
  request(name: string, payload: unknown): Promise<{ ok: boolean; value?: unknown; error?: unknown }>;
  /** Every event received so far, in order. */
  readonly events: { name: string; payload: unknown }[];
  /** Resolves with the first event (received before or after) that `match` accepts. */
  waitForEvent(match: (name: string, payload: unknown) => boolean, timeoutMs: number): Promise<unknown>;
  close(): void;
}

/** A healthy client of the browser shell at `port`, as its own page would be (Origin, Host, token). */
export function openContractClient(port: number, token: string): Promise<ContractClient> {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`, {
    origin: `http://127.0.0.1:${port}`,
  });
  const events: { name: string; payload: unknown }[] = [];
  const pending = new Map<number, (reply: { ok: boolean }) => void>();
  const watchers = new Set<() => void>();
  let nextId = 1;
  socket.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString()) as {
      kind: string;
      id?: number;
      reply?: { ok: boolean };
      name?: string;
      payload?: unknown;
    };
    if (frame.kind === 'reply') pending.get(frame.id ?? -1)?.(frame.reply ?? { ok: false });
    else events.push({ name: frame.name ?? '', payload: frame.payload });
    for (const watcher of watchers) watcher();
  });
  const client: ContractClient = {
    socket,
    events,
    request: (name, payload) =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        socket.send(JSON.stringify({ kind: 'request', id, name, payload }));
      }),
    waitForEvent: (match, timeoutMs) =>
      new Promise((resolve, reject) => {
        const look = () => {
          const found = events.find((event) => match(event.name, event.payload));
          if (found === undefined) return;
          watchers.delete(look);
          clearTimeout(timer);
          resolve(found.payload);
        };
        const timer = setTimeout(() => {
          watchers.delete(look);
          reject(new Error(`no matching event in ${timeoutMs} ms`));
        }, timeoutMs);
        watchers.add(look);
        look();
      }),
    close: () => socket.close(),
  };
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(client));
    socket.once('error', reject);
  });
}
