import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { stageLayout } from '../cli/program/test-support/staged-fixture';
import { makeTempDir, removeTempDir } from '../engine/layout/test-support/layout-images';
import { openContractClient } from './test-support/contract-client';
import { badFrames, openRawWebSocket } from './test-support/raw-websocket';
import { startServeProcess, type ServeProcess } from './test-support/serve-process';

// The built CLI (`npm run build` first): `serve --sim` programs a virtual DK1 while clients send every kind
// of protocol-invalid frame; the run must end with its result, and the server must go on answering.
let dir: string;
let served: ServeProcess;

beforeAll(async () => {
  dir = await makeTempDir();
  const { layoutPath } = await stageLayout(
    'stm32mp157a-dk1-sdcard-trusted-blog.tsv',
    path.join(dir, 'images'),
    'mp15',
  );
  served = await startServeProcess([
    '--sim',
    '--sim-speed',
    'x20',
    '--sim-storage',
    path.join(dir, 'storage'),
    '--layout',
    layoutPath,
  ]);
}, 30_000);

afterAll(async () => {
  await served.stop();
  await removeTempDir(dir);
});

function staticGet(port: number, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', headers: { Cookie: cookie } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

it('every kind of bad frame during a run closes only its connection; the run ends with its result', async () => {
  const client = await openContractClient(served.port, served.token);
  for (let tries = 0; ; tries++) {
    const listed = (await client.request('boards.list', {})) as { value?: { boards?: { id: string }[] } };
    if (listed.value?.boards?.some((board) => board.id === 'virtual-1') === true) break;
    if (tries > 100) throw new Error('virtual-1 never appeared');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const started = await client.request('program.start', { boardId: 'virtual-1' });
  expect(started).toMatchObject({ ok: true });
  const runId = (started.value as { runId: string }).runId;
  const ofRun = (type: string) => (name: string, payload: unknown) => {
    const body = payload as { runId?: string; event?: { type?: string } };
    return name === 'program.event' && body.runId === runId && body.event?.type === type;
  };
  await client.waitForEvent(ofRun('partition-progress'), 20_000);

  for (const bad of badFrames) {
    const raw = await openRawWebSocket(served.port, served.token);
    raw.socket.write(bad.bytes);
    expect(await raw.closed, bad.kind).toBe(bad.closeCode);
  }
  expect(client.events.some((event) => ofRun('result')(event.name, event.payload))).toBe(false);

  const result = (await client.waitForEvent(ofRun('result'), 60_000)) as { event: { ok: boolean } };
  expect(result.event).toMatchObject({ type: 'result', ok: true, code: null });
  expect(served.child.exitCode).toBeNull();
  expect(await client.request('app.info', {})).toMatchObject({ ok: true });
  expect(await staticGet(served.port, `stm32mp_flasher_token_${served.port}=${served.token}`)).toBe(200);
  const closedLines = served.output().match(/browser shell: websocket-\d+ closed: .*/g) ?? [];
  expect(closedLines).toHaveLength(badFrames.length);
  client.close();
}, 90_000);
