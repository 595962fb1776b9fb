import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ContractServer } from '../services/contract-server';
import { createServices } from '../services/create-services';
import { startBrowserShell, type BrowserShell } from './browser-shell';
import { closeCodes, type ConnectionLimits } from './connection-limits';
import { openContractClient } from './test-support/contract-client';
import { openRawWebSocket } from './test-support/raw-websocket';

const limits: ConnectionLimits = {
  maxInFlight: 2,
  softBytes: 16 * 1024,
  hardBytes: 256 * 1024,
  hardForMs: 300,
  checkEveryMs: 10,
};
let shell: BrowserShell | null = null;
let rendererDir = '';

async function start(server: ContractServer, log: (line: string) => void): Promise<BrowserShell> {
  rendererDir = await mkdtemp(join(tmpdir(), 'shell-limits-'));
  await writeFile(join(rendererDir, 'index.html'), '<title>STM32MP Flasher</title>');
  shell = await startBrowserShell({ server, rendererDir, host: '127.0.0.1', port: 0, log, limits });
  return shell;
}

afterEach(async () => {
  await shell?.close();
  shell = null;
  await rm(rendererDir, { recursive: true, force: true });
});

const logEvent = (message: string) => ({
  runId: 'run-1',
  boardId: 'virtual-1',
  event: { schemaVersion: 1 as const, type: 'log' as const, level: 'info' as const, message, elapsedMs: 1 },
});

const progressEvent = (bytes: number) => ({
  runId: 'run-1',
  boardId: 'virtual-1',
  event: {
    schemaVersion: 1 as const,
    type: 'partition-progress' as const,
    partitionId: 1,
    name: 'fsbl1',
    bytes,
    total: 1000,
    bytesPerSecond: null,
    etaSeconds: null,
    done: bytes === 1000,
    elapsedMs: bytes,
  },
});
const resultEvent = {
  runId: 'run-1',
  boardId: 'virtual-1',
  event: {
    schemaVersion: 1 as const,
    type: 'result' as const,
    ok: true,
    code: null,
    warnings: [],
    partitions: [],
    hints: [],
    message: null,
    consoleLines: [],
    elapsedMs: 2000,
  },
};

describe('a connection over its limits', () => {
  it('is closed with 1013 and logged when its unread events stay over the hard limit; others go on', async () => {
    const { server } = createServices({ transport: 'browser-shell', platform: 'linux', cwd: process.cwd() });
    const logged: string[] = [];
    const { port, token } = await start(server, (line) => logged.push(line));
    const healthy = await openContractClient(port, token);
    const stalled = await openRawWebSocket(port, token);
    stalled.socket.pause();
    const line = 'U-Boot says something long '.repeat(400);
    const started = performance.now();
    // Far more than loopback's socket buffers hold: the rest waits in the server, over the hard limit.
    while (!logged.some((entry) => entry.includes(`(${closeCodes.tooSlow})`))) {
      if (performance.now() - started > 10_000) throw new Error('never closed');
      for (let n = 0; n < 50; n++) server.emit('program.event', logEvent(line));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(logged).toEqual([
      expect.stringMatching(/^browser shell: closed websocket-2 \(1013\): it left [\d.]+ MiB/),
    ]);
    stalled.socket.resume();
    await stalled.closed;
    expect(await healthy.request('app.info', {})).toMatchObject({ ok: true });
    expect(healthy.events.length).toBeGreaterThan(0);
    healthy.close();
  });

  it('keeps every reply, log and result for a client that pauses, and thins its progress', async () => {
    const { server } = createServices({ transport: 'browser-shell', platform: 'linux', cwd: process.cwd() });
    const roomy = { ...limits, hardBytes: 256 * 1024 * 1024, hardForMs: 60_000 };
    rendererDir = await mkdtemp(join(tmpdir(), 'shell-limits-'));
    shell = await startBrowserShell({ server, rendererDir, host: '127.0.0.1', port: 0, limits: roomy });
    const client = await openContractClient(shell.port, shell.token);
    client.socket.pause();
    // 32 MB of log events: more than loopback's socket buffers hold, so the server itself holds the rest.
    const line = 'x'.repeat(10_000);
    for (let n = 0; n < 3200; n++) server.emit('program.event', logEvent(line));
    const reply = client.request('app.info', {});
    for (let bytes = 1; bytes <= 1000; bytes++) server.emit('program.event', progressEvent(bytes));
    server.emit('program.event', resultEvent);
    await new Promise((resolve) => setTimeout(resolve, 100));
    client.socket.resume();
    expect(await reply).toMatchObject({ ok: true });
    await client.waitForEvent(
      (name, payload) => (payload as typeof resultEvent).event.type === 'result',
      20_000,
    );
    const types = client.events.map((event) => (event.payload as { event: { type: string } }).event.type);
    expect(types.filter((type) => type === 'log')).toHaveLength(3200);
    const progress = client.events.filter(
      (event) => (event.payload as { event: { type: string } }).event.type === 'partition-progress',
    );
    expect(progress.length).toBeLessThan(1000);
    expect(progress.at(-1)?.payload).toEqual(progressEvent(1000));
    expect(types.at(-1)).toBe('result');
    client.close();
  });

  it('handles at most maxInFlight requests at once and answers every one', async () => {
    const { server } = createServices({ transport: 'browser-shell', platform: 'linux', cwd: process.cwd() });
    let running = 0;
    let most = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const gated = {
      handle: async (...args: Parameters<ContractServer['handle']>) => {
        most = Math.max(most, ++running);
        await gate;
        running--;
        return server.handle(...args);
      },
      onEvent: (listener: Parameters<ContractServer['onEvent']>[0]) => server.onEvent(listener),
    } as unknown as ContractServer;
    const { port, token } = await start(gated, () => undefined);
    const client = await openContractClient(port, token);
    const replies = Array.from({ length: 20 }, () => client.request('app.info', {}));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(most).toBe(limits.maxInFlight);
    release();
    const answered = await Promise.all(replies);
    expect(answered.every((reply) => reply.ok)).toBe(true);
    expect(most).toBe(limits.maxInFlight);
    client.close();
  });
});
