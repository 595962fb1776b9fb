import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { stoppingCloseCode } from '../../shared/contract/wire';
import type { ContractServer } from '../services/contract-server';
import { createServices } from '../services/create-services';
import { startBrowserShell, type BrowserShell } from './browser-shell';
import type { ConnectionLimits } from './connection-limits';

const limits: ConnectionLimits = {
  maxInFlight: 2,
  softBytes: 16 * 1024,
  hardBytes: 256 * 1024,
  hardForMs: 300,
  checkEveryMs: 10,
  silentPageMs: 300,
};
let shell: BrowserShell | null = null;
let rendererDir = '';

afterEach(async () => {
  await shell?.close();
  shell = null;
  await rm(rendererDir, { recursive: true, force: true });
});

async function start(server: ContractServer, log: (line: string) => void = () => undefined) {
  rendererDir = await mkdtemp(join(tmpdir(), 'shell-heartbeat-'));
  await writeFile(join(rendererDir, 'index.html'), '<title>STM32MP Flasher</title>');
  shell = await startBrowserShell({ server, rendererDir, host: '127.0.0.1', port: 0, log, limits });
  return shell;
}

interface Page {
  readonly socket: WebSocket;
  readonly frames: { kind: string; id?: number }[];
  readonly closed: Promise<number>;
  send(frame: unknown): void;
  next(kind: string): Promise<{ kind: string; id?: number }>;
}

function openPage(started: BrowserShell): Promise<Page> {
  const socket = new WebSocket(`ws://127.0.0.1:${started.port}/ws?token=${started.token}`, {
    origin: `http://127.0.0.1:${started.port}`,
  });
  const frames: { kind: string; id?: number }[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data: Buffer) => {
    frames.push(JSON.parse(data.toString()) as { kind: string; id?: number });
    for (const wake of [...waiters]) wake();
  });
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  const page: Page = {
    socket,
    frames,
    closed,
    send: (frame) => socket.send(JSON.stringify(frame)),
    next: (kind) =>
      new Promise((resolve) => {
        const look = () => {
          const found = frames.find((frame) => frame.kind === kind);
          if (found === undefined) return;
          waiters.delete(look);
          resolve(found);
        };
        waiters.add(look);
        look();
      }),
  };
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(page));
    socket.once('error', reject);
  });
}

const services = () => createServices({ transport: 'browser-shell', platform: 'linux', cwd: process.cwd() });

describe("the browser shell and a page's heartbeat", () => {
  it('answers a ping at once, even while the page’s requests fill every slot', async () => {
    const { server } = services();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const gated = {
      handle: async (...args: Parameters<ContractServer['handle']>) => {
        await gate;
        return server.handle(...args);
      },
      onEvent: (listener: Parameters<ContractServer['onEvent']>[0]) => server.onEvent(listener),
    } as unknown as ContractServer;
    const page = await openPage(await start(gated));
    for (let id = 1; id <= 5; id++) page.send({ kind: 'request', id, name: 'app.info', payload: {} });
    page.send({ kind: 'ping', id: 7 });
    expect(await page.next('pong')).toEqual({ kind: 'pong', id: 7 });
    expect(page.frames.filter((frame) => frame.kind === 'reply')).toEqual([]);
    release();
    page.socket.close();
  });

  it('tells every page it is stopping (close 1001) when it stops', async () => {
    const started = await start(services().server);
    const pages = [await openPage(started), await openPage(started)];
    await started.close();
    shell = null;
    expect(await Promise.all(pages.map((page) => page.closed))).toEqual([
      stoppingCloseCode,
      stoppingCloseCode,
    ]);
  });

  it('forgets a page that went away, however often it comes back', async () => {
    const started = await start(services().server);
    for (let visit = 0; visit < 5; visit++) {
      const page = await openPage(started);
      page.send({ kind: 'ping', id: 1 });
      await page.next('pong');
      page.socket.terminate();
      await page.closed;
    }
    const kept = await openPage(started);
    await expect.poll(() => started.connectionCount()).toBe(1);
    kept.socket.close();
    await expect.poll(() => started.connectionCount()).toBe(0);
  });

  it('ends the connection of a page that pinged and then fell silent', async () => {
    const logged: string[] = [];
    const started = await start(services().server, (line) => logged.push(line));
    const page = await openPage(started);
    page.send({ kind: 'ping', id: 1 });
    await page.next('pong');
    expect(await page.closed).toBe(1006);
    await expect.poll(() => started.connectionCount()).toBe(0);
    expect(logged).toEqual([expect.stringMatching(/sent no heartbeat for 0.3 s: connection ended/)]);
  });
});
