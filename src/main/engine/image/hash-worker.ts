import { Worker } from 'node:worker_threads';

/**
 * A sha256 computed on a worker thread, so hashing runs on another core while the caller reads and writes.
 * Bytes in a SharedArrayBuffer are hashed in place (only their place is posted, no copy); others are copied.
 * Messages are handled in order: `update` answers when the worker has hashed those bytes (the caller may then
 * reuse the buffer), `digest` with the hex digest of everything since `begin`.
 */

/** The worker's script, evaluated as CommonJS (no file to bundle or find beside the app's output). */
const source = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const zeros = new Uint8Array(1 << 20);
let hash = null;
parentPort.on('message', (message) => {
  if (message.kind === 'begin') hash = createHash('sha256');
  else if (message.kind === 'bytes') {
    hash.update(new Uint8Array(message.buffer, message.offset, message.length));
    parentPort.postMessage({ kind: 'hashed', ticket: message.ticket });
  } else if (message.kind === 'zeros') {
    for (let left = message.count; left > 0; left -= zeros.length)
      hash.update(zeros.subarray(0, Math.min(left, zeros.length)));
  } else if (message.kind === 'digest') {
    parentPort.postMessage({ kind: 'digest', ticket: message.ticket, hex: hash.digest('hex') });
    hash = null;
  }
});
`;

interface Reply {
  readonly kind: 'hashed' | 'digest';
  readonly ticket: number;
  readonly hex?: string;
}

export class HashWorker {
  readonly #worker = new Worker(source, { eval: true });
  readonly #waiting = new Map<number, { resolve: (hex: string) => void; reject: (error: Error) => void }>();
  #ticket = 0;
  #failure: Error | null = null;

  constructor() {
    this.#worker.on('message', (reply: Reply) => {
      const waiter = this.#waiting.get(reply.ticket);
      this.#waiting.delete(reply.ticket);
      waiter?.resolve(reply.hex ?? '');
    });
    this.#worker.on('error', (error: Error) => this.#fail(error));
    this.#worker.on('exit', () => this.#fail(new Error('The hashing thread stopped.')));
  }

  begin(): void {
    this.#worker.postMessage({ kind: 'begin' });
  }

  /** Hashes `bytes` next; resolves once they are hashed. */
  update(bytes: Uint8Array): Promise<void> {
    const shared = bytes.buffer instanceof SharedArrayBuffer;
    const view = shared ? bytes : bytes.slice();
    const ticket = this.#next();
    const answer = this.#await(ticket);
    this.#worker.postMessage({
      kind: 'bytes',
      ticket,
      buffer: view.buffer,
      offset: view.byteOffset,
      length: view.byteLength,
    });
    return answer.then(() => undefined);
  }

  /** Hashes `count` zero bytes next. */
  zeros(count: number): void {
    if (count > 0) this.#worker.postMessage({ kind: 'zeros', count });
  }

  digest(): Promise<string> {
    const ticket = this.#next();
    const answer = this.#await(ticket);
    this.#worker.postMessage({ kind: 'digest', ticket });
    return answer;
  }

  /** Stops the thread; what was still waited for fails. */
  async close(): Promise<void> {
    this.#worker.removeAllListeners('exit');
    await this.#worker.terminate();
    this.#fail(new Error('The hashing thread was closed.'));
  }

  #next(): number {
    this.#ticket += 1;
    return this.#ticket;
  }

  #await(ticket: number): Promise<string> {
    if (this.#failure !== null) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => this.#waiting.set(ticket, { resolve, reject }));
  }

  #fail(error: Error): void {
    this.#failure = error;
    for (const waiter of this.#waiting.values()) waiter.reject(error);
    this.#waiting.clear();
  }
}
