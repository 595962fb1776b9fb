import { describe, expect, it } from 'vitest';
import type { ServerFrame } from '../../shared/contract/wire';
import { maxCoalescedConsoleChars, OutgoingQueue } from './outgoing-queue';

const progress = (runId: string, partitionId: number, bytes: number): ServerFrame => ({
  kind: 'event',
  name: 'program.event',
  payload: { runId, boardId: 'virtual-1', event: { type: 'partition-progress', partitionId, bytes } },
});
const console_ = (consoleId: string, kind: string, text: string): ServerFrame => ({
  kind: 'event',
  name: 'console.data',
  payload: { consoleId, kind, text },
});

function drain(queue: OutgoingQueue): unknown[] {
  const out: unknown[] = [];
  for (let text = queue.shift(); text !== undefined; text = queue.shift()) out.push(JSON.parse(text));
  return out;
}

describe('OutgoingQueue (what waits for a client that reads slowly)', () => {
  it('keeps every reply and every result, in order', () => {
    const queue = new OutgoingQueue();
    const result: ServerFrame = {
      kind: 'event',
      name: 'program.event',
      payload: { runId: 'r', boardId: 'b', event: { type: 'result', ok: true } },
    };
    for (let id = 0; id < 5; id++) queue.push({ kind: 'reply', id, reply: { ok: true, value: id } });
    queue.push(result);
    queue.push({ kind: 'reply', id: 5, reply: { ok: true, value: 5 } });
    expect(queue.length).toBe(7);
    const out = drain(queue);
    expect(out.map((frame) => (frame as { id?: number }).id)).toEqual([0, 1, 2, 3, 4, undefined, 5]);
    expect(out[5]).toEqual(result);
    expect(queue.bytes).toBe(0);
  });

  it('holds only the newest progress of each partition of each run', () => {
    const queue = new OutgoingQueue();
    for (let bytes = 0; bytes <= 1000; bytes += 10) {
      queue.push(progress('r1', 1, bytes));
      queue.push(progress('r1', 2, bytes));
      queue.push(progress('r2', 1, bytes));
    }
    expect(queue.length).toBe(3);
    expect(drain(queue)).toEqual([progress('r1', 1, 1000), progress('r1', 2, 1000), progress('r2', 1, 1000)]);
  });

  it('holds only the newest board list', () => {
    const queue = new OutgoingQueue();
    for (let n = 0; n < 50; n++)
      queue.push({ kind: 'event', name: 'boards.changed', payload: { boards: [n] } });
    expect(drain(queue)).toEqual([{ kind: 'event', name: 'boards.changed', payload: { boards: [49] } }]);
  });

  it("merges a console's text until a marker, per console, keeping the newest part", () => {
    const queue = new OutgoingQueue();
    queue.push(console_('a', 'data', 'U-Boot '));
    queue.push(console_('b', 'data', 'other '));
    queue.push(console_('a', 'data', '2023.10'));
    queue.push(console_('a', 'marker', '--- reset ---'));
    queue.push(console_('a', 'data', 'again'));
    queue.push(console_('b', 'data', 'board'));
    expect(drain(queue)).toEqual([
      console_('a', 'data', 'U-Boot 2023.10'),
      console_('b', 'data', 'other board'),
      console_('a', 'marker', '--- reset ---'),
      console_('a', 'data', 'again'),
    ]);
    const chunk = 'x'.repeat(64 * 1024);
    for (let n = 0; n < 10; n++) queue.push(console_('a', 'data', chunk));
    const [merged] = drain(queue) as { payload: { text: string } }[];
    expect(merged?.payload.text).toHaveLength(maxCoalescedConsoleChars);
  });

  it('counts the bytes of what waits', () => {
    const queue = new OutgoingQueue();
    const frame: ServerFrame = { kind: 'reply', id: 1, reply: { ok: true, value: 'é'.repeat(100) } };
    queue.push(frame);
    expect(queue.bytes).toBe(Buffer.byteLength(JSON.stringify(frame)));
    queue.clear();
    expect([queue.length, queue.bytes, queue.shift()]).toEqual([0, 0, undefined]);
  });
});
