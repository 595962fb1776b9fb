import type { ServerFrame } from '../../shared/contract/wire';

/** A console's coalesced text held for a slow client keeps its newest part, as the console's own buffer does. */
export const maxCoalescedConsoleChars = 256 * 1024;

interface Pending {
  frame: ServerFrame;
  text: string;
  dropped: boolean;
}

function payloadOf(frame: ServerFrame): Record<string, unknown> | null {
  if (frame.kind !== 'event' || typeof frame.payload !== 'object' || frame.payload === null) return null;
  return frame.payload as Record<string, unknown>;
}

/** Frames whose newer one makes it stale: the board list, and each partition's progress in a run. */
function replacementKey(frame: ServerFrame): string | null {
  if (frame.kind !== 'event') return null;
  if (frame.name === 'boards.changed') return 'boards';
  const payload = payloadOf(frame);
  const event = payload?.event as { type?: unknown; partitionId?: unknown } | undefined;
  if (frame.name === 'program.event' && event?.type === 'partition-progress')
    return `progress:${String(payload?.runId)}:${String(event.partitionId)}`;
  return null;
}

/** The console a `console.data` frame of kind `data` belongs to; markers and `closed` never merge. */
function consoleDataId(frame: ServerFrame): string | null {
  const payload = payloadOf(frame);
  if (frame.kind !== 'event' || frame.name !== 'console.data' || payload?.kind !== 'data') return null;
  return String(payload.consoleId);
}

/**
 * What waits for a client that reads too slowly, in order: replies and results always, progress and the
 * board list only as their newest, console text merged per console. Its size in bytes is bounded by the
 * caller (`ClientConnection` closes a client that stays over its hard limit).
 */
export class OutgoingQueue {
  #items: Pending[] = [];
  #bytes = 0;
  #live = 0;
  readonly #byKey = new Map<string, Pending>();
  /** The last pending `console.data` of each console, while it is the newest of that console. */
  readonly #consoleTail = new Map<string, Pending>();

  get bytes(): number {
    return this.#bytes;
  }

  /** How many frames wait (stale ones replaced by newer are not counted). */
  get length(): number {
    return this.#live;
  }

  push(frame: ServerFrame): void {
    const key = replacementKey(frame);
    if (key !== null) {
      const stale = this.#byKey.get(key);
      if (stale !== undefined) this.#drop(stale);
    }
    const consoleId = consoleDataId(frame);
    const tail = consoleId === null ? undefined : this.#consoleTail.get(consoleId);
    if (tail !== undefined && !tail.dropped) return this.#mergeConsoleText(tail, frame);
    const item: Pending = { frame, text: JSON.stringify(frame), dropped: false };
    this.#items.push(item);
    this.#live++;
    this.#bytes += Buffer.byteLength(item.text);
    if (key !== null) this.#byKey.set(key, item);
    const payload = payloadOf(frame);
    if (frame.kind === 'event' && frame.name === 'console.data' && payload !== null) {
      if (consoleId === null) this.#consoleTail.delete(String(payload.consoleId));
      else this.#consoleTail.set(consoleId, item);
    }
  }

  /** The next frame's text, or undefined when nothing waits. */
  shift(): string | undefined {
    for (let item = this.#items.shift(); item !== undefined; item = this.#items.shift()) {
      if (item.dropped) continue;
      this.#forget(item);
      return item.text;
    }
    return undefined;
  }

  clear(): void {
    this.#items = [];
    this.#bytes = 0;
    this.#live = 0;
    this.#byKey.clear();
    this.#consoleTail.clear();
  }

  #mergeConsoleText(tail: Pending, frame: ServerFrame): void {
    const before = (payloadOf(tail.frame)?.text as string | undefined) ?? '';
    const added = (payloadOf(frame)?.text as string | undefined) ?? '';
    const text = (before + added).slice(-maxCoalescedConsoleChars);
    this.#bytes -= Buffer.byteLength(tail.text);
    tail.frame = { ...tail.frame, payload: { ...payloadOf(tail.frame), text } } as ServerFrame;
    tail.text = JSON.stringify(tail.frame);
    this.#bytes += Buffer.byteLength(tail.text);
  }

  #drop(item: Pending): void {
    item.dropped = true;
    this.#forget(item);
  }

  #forget(item: Pending): void {
    this.#live--;
    this.#bytes -= Buffer.byteLength(item.text);
    const key = replacementKey(item.frame);
    if (key !== null && this.#byKey.get(key) === item) this.#byKey.delete(key);
    for (const [id, tail] of this.#consoleTail) if (tail === item) this.#consoleTail.delete(id);
  }
}
