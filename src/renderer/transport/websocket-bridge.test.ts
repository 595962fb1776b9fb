import { describe, expect, it } from 'vitest';
import { FakeClock, fakeOpener, type FakeSocket } from '../test-support/fake-link';
import type { ConnectionTiming } from './connection-state';
import { createWebSocketBridge } from './websocket-bridge';

const timing: ConnectionTiming = {
  heartbeatEveryMs: 20,
  silenceMs: 50,
  connectDeadlineMs: 50,
  retryDelaysMs: [10, 20, 40],
  stoppedAfterMs: 100,
};
const location = { protocol: 'http:', host: '127.0.0.1:5780', search: '?token=abc' };

function setUp() {
  const clock = new FakeClock();
  const opener = fakeOpener();
  const { bridge, connection } = createWebSocketBridge(location, { open: opener.open, clock, timing });
  const latest = (): FakeSocket => {
    const socket = opener.sockets.at(-1);
    if (socket === undefined) throw new Error('no socket opened');
    return socket;
  };
  return { clock, opener, bridge, connection, latest };
}

/** Lets the bridge's promise chains run (a request waiting for the first connection). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the WebSocket bridge’s connection', () => {
  it('waits for the first connection, then sends; a ping every beat keeps it connected', async () => {
    const { clock, bridge, connection, latest } = setUp();
    expect(connection.get()).toEqual({ phase: 'connecting' });
    const reply = bridge.request('boards.list', {});
    latest().open();
    await settle();
    const [request] = latest().requests();
    latest().receive({ kind: 'reply', id: request?.id, reply: { ok: true, value: { boards: [] } } });
    await expect(reply).resolves.toEqual({ ok: true, value: { boards: [] } });
    for (let beat = 0; beat < 10; beat++) {
      clock.advance(20);
      latest().answerPings();
    }
    expect(connection.get()).toEqual({ phase: 'connected', epoch: 1 });
  });

  it('does not take a hidden tab’s late timers (throttled to one a minute) for silence', () => {
    const { clock, connection, latest } = setUp();
    latest().open();
    clock.lateByMs = 60_000;
    for (let beat = 0; beat < 5; beat++) {
      clock.advance(60_020);
      latest().answerPings();
    }
    expect(latest().sent).toEqual([]);
    expect(connection.get()).toEqual({ phase: 'connected', epoch: 1 });
  });

  it('is lost when pongs stop (a stopped server keeps its socket), fails what waits, and reconnects', async () => {
    const { clock, bridge, connection, latest, opener } = setUp();
    latest().open();
    const waiting = bridge.request('layout.open', { path: '/x.tsv' });
    await settle();
    clock.advance(70); // the ping of 20 ms unanswered for 50 ms
    expect(connection.get()).toMatchObject({ phase: 'lost', retryAt: 80 });
    await expect(waiting).resolves.toMatchObject({ ok: false, error: { code: 'CONNECTION_LOST' } });
    expect(opener.sockets[0]?.closedByPage).toBe(true);
    // While lost, a request fails at once instead of spinning.
    await expect(bridge.request('boards.list', {})).resolves.toMatchObject({
      error: { code: 'CONNECTION_LOST', hint: expect.stringContaining('reconnects by itself') },
    });
    clock.advance(10);
    expect(opener.sockets).toHaveLength(2);
    expect(opener.urls[1]).toBe('ws://127.0.0.1:5780/ws?token=abc');
    expect(connection.get()).toEqual({ phase: 'lost', retryAt: null });
    latest().open();
    expect(connection.get()).toEqual({ phase: 'connected', epoch: 2 });
  });

  it('retries an attempt that hangs (still stopped), and keeps saying "lost", not "stopped"', () => {
    const { clock, connection, latest, opener } = setUp();
    latest().open();
    latest().serverClose();
    for (let step = 0; step < 40; step++) clock.advance(10);
    expect(opener.sockets.length).toBeGreaterThan(3);
    expect(opener.sockets.slice(0, -1).every((socket) => socket.closedByPage)).toBe(true);
    expect(connection.get().phase).toBe('lost');
  });

  it('says the app stopped once connections are refused for a while', () => {
    const { clock, connection, latest } = setUp();
    latest().open();
    latest().serverClose();
    const phases = new Set<string>();
    for (let step = 0; step < 30; step++) {
      clock.advance(10);
      const state = connection.get();
      if ('retryAt' in state && state.retryAt === null) latest().serverClose(); // refused at once
      phases.add(connection.get().phase);
    }
    expect(phases).toEqual(new Set(['lost', 'stopped']));
    expect(connection.get()).toMatchObject({ phase: 'stopped' });
  });

  it('says the app stopped at once when the server closes with "going away", and requests say so', async () => {
    const { bridge, connection, latest } = setUp();
    latest().open();
    latest().serverClose(1001);
    expect(connection.get()).toMatchObject({ phase: 'stopped' });
    await expect(bridge.request('boards.list', {})).resolves.toMatchObject({
      error: { code: 'APP_STOPPED', hint: expect.stringContaining('stm32mp-flasher serve') },
    });
  });

  it('keeps its listeners across a reconnection: events from the new socket reach them', () => {
    const { clock, bridge, latest } = setUp();
    const seen: unknown[] = [];
    bridge.subscribe('boards.changed', (payload) => seen.push(payload));
    latest().open();
    latest().serverClose();
    clock.advance(10);
    latest().open();
    latest().receive({ kind: 'event', name: 'boards.changed', payload: { boards: [] } });
    expect(seen).toEqual([{ boards: [] }]);
  });

  it('ignores a socket it gave up on, even when that one answers late', () => {
    const { clock, bridge, connection, opener, latest } = setUp();
    const seen: unknown[] = [];
    bridge.subscribe('boards.changed', (payload) => seen.push(payload));
    latest().open();
    clock.advance(70);
    clock.advance(10);
    latest().open();
    opener.sockets[0]?.receive({ kind: 'event', name: 'boards.changed', payload: { boards: [] } });
    opener.sockets[0]?.serverClose();
    expect(seen).toEqual([]);
    expect(connection.get()).toEqual({ phase: 'connected', epoch: 2 });
  });
});
