import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type ServedShell, startServe } from '../../../../e2e/browser-shell-process';
import { makeTempDir, removeTempDir } from '../../engine/layout/test-support/layout-images';

// Issue 20 items 3 and 4 against the built CLI (`npm run build` first): five `layout.check` requests on a FIFO
// used to take every libuv worker (static files and settings then hung, Ctrl+C was ignored); a 1 MiB file of
// newlines blocked the event loop for seconds.
const generous = 10_000;
let dir = '';
let shell: ServedShell | null = null;

function served(): ServedShell {
  if (shell === null) throw new Error('serve did not start');
  return shell;
}

/** Sends contract requests over one WebSocket with the page's token and Origin; resolves with each reply. */
async function requests(
  calls: readonly { name: string; payload: unknown }[],
  to: ServedShell = served(),
): Promise<unknown[]> {
  const url = new URL(to.url);
  const socket = new WebSocket(`ws://${url.host}/ws${url.search}`, { origin: to.origin });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const replies = new Map<number, unknown>();
  const done = new Promise<unknown[]>((resolve) => {
    socket.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as { kind: string; id?: number; reply?: unknown };
      if (frame.kind !== 'reply' || frame.id === undefined) return;
      replies.set(frame.id, frame.reply);
      if (replies.size === calls.length) resolve(calls.map((_, index) => replies.get(index + 1)));
    });
  });
  calls.forEach((call, index) => socket.send(JSON.stringify({ kind: 'request', id: index + 1, ...call })));
  const answers = await done;
  socket.close();
  return answers;
}

/** The page itself: a static GET the server answers from its event loop and a worker thread. */
async function staticGet(): Promise<number> {
  // The printed address sets the token's cookie and redirects to `/` without the token: follow it by hand.
  const first = await fetch(served().url, { redirect: 'manual', signal: AbortSignal.timeout(5_000) });
  const cookie = first.headers.get('set-cookie')?.split(';')[0] ?? '';
  const page = new URL(first.headers.get('location') ?? '/', served().url);
  return (await fetch(page, { headers: { cookie }, signal: AbortSignal.timeout(5_000) })).status;
}

beforeAll(async () => {
  dir = await makeTempDir();
  const made = spawnSync('mkfifo', [path.join(dir, 'pipe.tsv')]);
  if (made.status !== 0) throw new Error(`mkfifo: ${String(made.stderr)}`);
  await writeFile(path.join(dir, 'newlines.tsv'), '\n'.repeat((1 << 20) - 1));
  shell = await startServe(['--files', dir]);
}, 20_000);
afterAll(async () => {
  if (shell?.process.exitCode === null) await shell.stop();
  await removeTempDir(dir);
});

describe('serve and files that could block it', () => {
  it(
    'answers five layout.check of a FIFO with LAYOUT_NOT_A_FILE, then a static GET',
    async () => {
      const check = { name: 'layout.check', payload: { path: path.join(dir, 'pipe.tsv') } };
      const replies = await requests([check, check, check, check, check]);
      for (const reply of replies)
        expect(reply).toMatchObject({ ok: true, value: { issues: [{ code: 'LAYOUT_NOT_A_FILE' }] } });
      expect(await staticGet()).toBe(200);
    },
    generous,
  );

  it(
    'answers a static GET while it checks a 1 MiB file of newlines, which it refuses',
    async () => {
      const check = requests([{ name: 'layout.check', payload: { path: path.join(dir, 'newlines.tsv') } }]);
      const [status, [reply]] = await Promise.all([staticGet(), check]);
      expect(status).toBe(200);
      expect(reply).toMatchObject({ ok: true, value: { issues: [{ code: 'LAYOUT_TOO_LARGE' }] } });
    },
    generous,
  );

  it(
    'refuses /etc/passwd with PATH_NOT_ALLOWED, with the default folders too (home, no --files)',
    async () => {
      const check = { name: 'layout.check', payload: { path: '/etc/passwd' } };
      const refused = { ok: false, error: { code: 'PATH_NOT_ALLOWED' } };
      expect(await requests([check])).toMatchObject([refused]);
      const defaults = await startServe([]);
      try {
        expect(await requests([check], defaults)).toMatchObject([refused]);
      } finally {
        await defaults.stop();
      }
    },
    generous,
  );

  it(
    'exits on SIGINT',
    async () => {
      expect(await served().stop()).not.toBeNull();
    },
    generous,
  );
});
