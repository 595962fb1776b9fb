import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../services/create-services';
import { startBrowserShell, type BrowserShell } from './browser-shell';
import { openContractClient } from './test-support/contract-client';
import { badFrames, openRawWebSocket } from './test-support/raw-websocket';

let shell: BrowserShell;
let rendererDir: string;
const logged: string[] = [];
const services = createServices({ transport: 'browser-shell', platform: 'linux', cwd: process.cwd() });

function staticGet(cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: shell.port, path: '/', headers: { Cookie: cookie } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  rendererDir = await mkdtemp(join(tmpdir(), 'shell-frames-'));
  await writeFile(join(rendererDir, 'index.html'), '<title>STM32MP Flasher</title>');
  shell = await startBrowserShell({
    server: services.server,
    rendererDir,
    host: '127.0.0.1',
    port: 0,
    log: (line) => logged.push(line),
  });
});

afterAll(async () => {
  await shell.close();
  await rm(rendererDir, { recursive: true, force: true });
});

describe('a protocol-invalid WebSocket frame', () => {
  it.each(badFrames)(
    '($kind) closes that connection with $closeCode, logged; the server goes on',
    async (bad) => {
      const healthy = await openContractClient(shell.port, shell.token);
      const raw = await openRawWebSocket(shell.port, shell.token);
      const before = logged.length;
      raw.socket.write(bad.bytes);
      expect(await raw.closed).toBe(bad.closeCode);
      expect(logged.slice(before)).toEqual([expect.stringMatching(/^browser shell: websocket-\d+ closed: /)]);
      expect(await healthy.request('app.info', {})).toMatchObject({ ok: true });
      expect(await staticGet(`stm32mp_flasher_token_${shell.port}=${shell.token}`)).toBe(200);
      healthy.close();
    },
  );
});
