import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../engine/layout/test-support/layout-images';
import { createServices } from './create-services';

const context = { transport: 'browser-shell', clientId: 'test' } as const;
const generous = 10_000;
let dir = '';

beforeAll(async () => {
  dir = await makeTempDir();
  const made = spawnSync('mkfifo', [path.join(dir, 'pipe.tsv')]);
  if (made.status !== 0) throw new Error(`mkfifo: ${String(made.stderr)}`);
  await writeFile(path.join(dir, 'layout.tsv'), 'abc');
});
afterAll(async () => {
  await removeTempDir(dir);
});

// Issue 20 item 3: `layout.digest` of /dev/zero never answered and kept a core busy; of a FIFO it hung.
describe('layout.digest of what is not a regular file', () => {
  const services = () => createServices({ transport: 'browser-shell', platform: 'linux', cwd: dir });

  it('hashes a regular file', async () => {
    const reply = await services().server.handle('layout.digest', { path: 'layout.tsv' }, context);
    expect(reply).toMatchObject({
      ok: true,
      value: { bytes: 3, sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' },
    });
  });

  it.each([
    ['a FIFO', 'pipe.tsv', /named pipe \(FIFO\)/],
    ['/dev/zero', '/dev/zero', /character device/],
  ])(
    'answers FILE_NOT_READ at once for %s',
    async (_title, file, words) => {
      const reply = await services().server.handle('layout.digest', { path: file }, context);
      expect(reply.ok).toBe(false);
      if (reply.ok) return;
      expect(reply.error.code).toBe('FILE_NOT_READ');
      expect(reply.error.message).toMatch(words);
    },
    generous,
  );

  it(
    'layout.check of a FIFO answers LAYOUT_NOT_A_FILE',
    async () => {
      const reply = await services().server.handle('layout.check', { path: 'pipe.tsv' }, context);
      expect(reply).toMatchObject({
        ok: true,
        value: { ok: false, issues: [{ code: 'LAYOUT_NOT_A_FILE' }] },
      });
    },
    generous,
  );
});
