import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createServices } from '../services/create-services';
import { startBrowserShell, type BrowserShell } from './browser-shell';

let shell: BrowserShell;
let base: string;
let rendererDir: string;
const services = createServices({ transport: 'browser-shell', platform: 'linux', cwd: process.cwd() });

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: shell.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function openSocket(
  origin: string,
  query = `?token=${shell.token}`,
  host?: string,
  cookie?: string,
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${shell.port}/ws${query}`, {
      origin,
      headers: {
        ...(host === undefined ? {} : { Host: host }),
        ...(cookie === undefined ? {} : { Cookie: cookie }),
      },
    });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    socket.once('error', reject);
  });
}

function exchange(socket: WebSocket, frame: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    socket.once('message', (data: Buffer) => resolve(JSON.parse(data.toString())));
    socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  });
}

const ownOrigin = () => `http://127.0.0.1:${shell.port}`;
const cookieHeader = () => `stm32mp_flasher_token_${shell.port}=${shell.token}`;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'shell-test-'));
  rendererDir = join(base, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<title>STM32MP Flasher</title>');
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(base, 'secret.txt'), 'secret');
  shell = await startBrowserShell({ server: services.server, rendererDir, host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await shell.close();
  await rm(base, { recursive: true, force: true });
});

describe('the browser shell over HTTP', () => {
  it('prints a loopback URL carrying a random token', () => {
    expect(shell.url).toBe(`http://127.0.0.1:${shell.port}/?token=${shell.token}`);
    expect(shell.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('answers 401 to a page request without the token, or with a wrong one', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/?token=nope')).status).toBe(401);
    expect((await get('/assets/app.js')).status).toBe(401);
  });

  it('answers the printed URL by setting a per-port cookie and sending the browser on without the token', async () => {
    const first = await get(`/?token=${shell.token}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    expect(first.body).toBe('');
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toMatch(new RegExp(`^stm32mp_flasher_token_${shell.port}=${shell.token};`));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
    const other = await get(`/assets/app.js?v=2&token=${shell.token}`);
    expect(other.headers.location).toBe('/assets/app.js?v=2');
  });

  it('never redirects to another host, whatever the path looks like', async () => {
    for (const path of [`//evil.example/?token=${shell.token}`, `/\\evil.example/?token=${shell.token}`]) {
      const answer = await get(path);
      expect(answer.status).toBe(303);
      expect(String(answer.headers.location)).toMatch(/^\/(?![/\\])/);
    }
  });

  it('serves the page by the cookie, with a strict CSP', async () => {
    const page = await get('/', { Cookie: cookieHeader() });
    expect(page.status).toBe(200);
    expect(page.body).toContain('STM32MP Flasher');
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const asset = await get('/assets/app.js', { Cookie: cookieHeader() });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
  });

  it("refuses another port's cookie", async () => {
    expect((await get('/', { Cookie: `stm32mp_flasher_token_1=${shell.token}` })).status).toBe(401);
    expect((await get('/', { Cookie: `stm32mp_flasher_token=${shell.token}` })).status).toBe(401);
  });

  it('never serves a file outside the renderer folder', async () => {
    expect((await get('/..%2fsecret.txt', { Cookie: cookieHeader() })).status).toBe(404);
    expect((await get('/%2e%2e/secret.txt', { Cookie: cookieHeader() })).status).toBe(404);
  });

  it('refuses a request whose Host is not its own (DNS rebinding)', async () => {
    expect((await get(`/?token=${shell.token}`, { Host: 'evil.example:80' })).status).toBe(421);
  });
});

function rawHttp(text: string, resetAfterWrite = false): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(shell.port, '127.0.0.1', () => {
      socket.write(text);
      if (resetAfterWrite) socket.resetAndDestroy();
    });
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(answer));
  });
}

describe('the browser shell against malformed HTTP', () => {
  it('answers garbage with 400 and oversized headers with 431, then goes on serving', async () => {
    expect(await rawHttp('NOT HTTP AT ALL\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    expect(await rawHttp(`GET / HTTP/1.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)).toMatch(
      /^HTTP\/1\.1 431/,
    );
    expect((await get('/', { Cookie: cookieHeader() })).status).toBe(200);
  });

  it('survives an upgrade whose client resets the connection at once, refused or not', async () => {
    const upgrade = (query: string) =>
      `GET /ws${query} HTTP/1.1\r\nHost: 127.0.0.1:${shell.port}\r\nOrigin: http://127.0.0.1:${shell.port}\r\n` +
      'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' +
      'Sec-WebSocket-Version: 13\r\n\r\n';
    for (let n = 0; n < 20; n++) {
      await rawHttp(upgrade(`?token=${shell.token}`), true);
      await rawHttp(upgrade('?token=wrong'), true);
    }
    const socket = await openSocket(ownOrigin());
    const answer = await exchange(socket, { kind: 'request', id: 1, name: 'app.info', payload: {} });
    expect(answer).toMatchObject({ reply: { ok: true } });
    socket.close();
  });
});

describe('the browser shell WebSocket', () => {
  it('speaks the contract to its own page', async () => {
    const socket = await openSocket(ownOrigin());
    const answer = await exchange(socket, { kind: 'request', id: 1, name: 'app.info', payload: {} });
    expect(answer).toMatchObject({
      kind: 'reply',
      id: 1,
      reply: { ok: true, value: { transport: 'browser-shell' } },
    });
    socket.close();
  });

  it.each([
    ['no query', ''],
    ['an empty token in the query, as the page builds it after the redirect', '?token='],
  ])('authenticates by the cookie alone after the redirect (%s)', async (_what, query) => {
    const socket = await openSocket(ownOrigin(), query, undefined, cookieHeader());
    const answer = await exchange(socket, { kind: 'request', id: 1, name: 'app.info', payload: {} });
    expect(answer).toMatchObject({ kind: 'reply', id: 1, reply: { ok: true } });
    socket.close();
  });

  it('answers a malformed payload with BAD_REQUEST', async () => {
    const socket = await openSocket(ownOrigin());
    const answer = await exchange(socket, { kind: 'request', id: 2, name: 'boards.list', payload: [1] });
    expect(answer).toMatchObject({
      kind: 'reply',
      id: 2,
      reply: { ok: false, error: { code: 'BAD_REQUEST' } },
    });
    const unknown = await exchange(socket, { kind: 'request', id: 3, name: 'board.erase', payload: {} });
    expect(unknown).toMatchObject({
      kind: 'reply',
      id: 3,
      reply: { ok: false, error: { code: 'BAD_REQUEST' } },
    });
    const badFrame = await exchange(socket, { kind: 'request', id: 4, name: 17 });
    expect(badFrame).toMatchObject({
      kind: 'reply',
      id: 4,
      reply: { ok: false, error: { code: 'BAD_REQUEST' } },
    });
    socket.close();
  });

  it('closes a connection that sends something that is not a frame at all', async () => {
    const socket = await openSocket(ownOrigin());
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send('not json');
    expect(await closed).toBe(1008);
  });

  it('pushes contract events to connected pages', async () => {
    const socket = await openSocket(ownOrigin());
    const event = new Promise((resolve) =>
      socket.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()))),
    );
    services.server.emit('boards.changed', { boards: [] });
    expect(await event).toEqual({ kind: 'event', name: 'boards.changed', payload: { boards: [] } });
    socket.close();
  });

  it.each([
    ['a foreign Origin', () => openSocket('http://evil.example')],
    ['no token', () => openSocket(ownOrigin(), '')],
    ['a wrong token', () => openSocket(ownOrigin(), '?token=guess')],
    [
      'a foreign Host',
      () => openSocket('http://evil.example:80', `?token=${shell.token}`, 'evil.example:80'),
    ],
  ])('refuses an upgrade with %s', async (_what, open) => {
    await expect(open()).rejects.toThrow(/HTTP 40[13]/);
  });
});
