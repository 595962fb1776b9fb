import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { requests } from '../../shared/contract';
import { createServices } from '../services/create-services';
import { startBrowserShell, type BrowserShell } from './browser-shell';
import { openContractClient, type ContractClient } from './test-support/contract-client';
import { encodeFrame, openRawWebSocket } from './test-support/raw-websocket';

// For a bounded time, random bytes, random frames, random JSON and random contract requests (names within
// and outside the contract, payloads of any shape) go to an in-process browser shell: after each case a
// healthy client still gets `app.info`, and nothing is thrown out of the process.
const timeLimitMs = 4000;
let shell: BrowserShell;
let base: string;
let healthy: ContractClient;
const uncaught: unknown[] = [];
const onUncaught = (error: unknown) => uncaught.push(error);

beforeAll(async () => {
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
  base = await mkdtemp(join(tmpdir(), 'shell-property-'));
  await writeFile(join(base, 'index.html'), '<title>STM32MP Flasher</title>');
  const services = createServices({ transport: 'browser-shell', platform: 'linux', cwd: base });
  shell = await startBrowserShell({ server: services.server, rendererDir: base, host: '127.0.0.1', port: 0 });
  healthy = await openContractClient(shell.port, shell.token);
});

afterAll(async () => {
  healthy.close();
  await shell.close();
  await rm(base, { recursive: true, force: true });
  process.off('uncaughtException', onUncaught);
  process.off('unhandledRejection', onUncaught);
});

const textFrame = (text: string) => encodeFrame({ opcode: 0x1, payload: Buffer.from(text) });
const contractNames = Object.keys(requests);

const message = fc.oneof(
  fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.from(bytes)),
  fc
    .record({
      opcode: fc.integer({ min: 0, max: 15 }),
      payload: fc.uint8Array({ maxLength: 300 }),
      fin: fc.boolean(),
      rsv: fc.constantFrom(0, 0x40, 0x20, 0x10),
      masked: fc.boolean(),
    })
    .map(encodeFrame),
  fc.json().map(textFrame),
  fc
    .record({
      kind: fc.oneof(fc.constant('request'), fc.string()),
      id: fc.oneof(fc.nat(), fc.integer(), fc.double(), fc.string()),
      name: fc.oneof(fc.constantFrom(...contractNames), fc.string(), fc.jsonValue()),
      payload: fc.oneof(fc.jsonValue(), fc.constant({}), fc.dictionary(fc.string(), fc.jsonValue())),
    })
    .map((frame) => textFrame(JSON.stringify(frame))),
);

function staticGet(): Promise<number> {
  const cookie = `stm32mp_flasher_token_${shell.port}=${shell.token}`;
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

it('random frames and contract messages never stop the server from answering', async () => {
  let cases = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(message, { minLength: 1, maxLength: 6 }), async (messages) => {
      cases++;
      const raw = await openRawWebSocket(shell.port, shell.token);
      for (const bytes of messages) raw.socket.write(bytes);
      await Promise.race([raw.closed, new Promise((resolve) => setTimeout(resolve, 20))]);
      raw.socket.destroy();
      expect(await healthy.request('app.info', {})).toMatchObject({ ok: true });
      expect(uncaught).toEqual([]);
    }),
    { interruptAfterTimeLimit: timeLimitMs, numRuns: 1_000_000 },
  );
  expect(cases).toBeGreaterThan(20);
  expect(await healthy.request('app.info', {})).toMatchObject({
    ok: true,
    value: { transport: 'browser-shell' },
  });
  expect(await staticGet()).toBe(200);
  expect(uncaught).toEqual([]);
}, 30_000);
