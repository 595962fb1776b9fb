import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../engine/layout/test-support/layout-images';
import { createServices } from './create-services';
import { folderPolicy } from './file-access-policy';
import { layoutDigest } from './layout-digest';

const context = { transport: 'browser-shell', clientId: 'test' } as const;
const generous = 10_000;
const layoutText = [
  'P\t0x10\trootfs\tFileSystem\tmmc0\t0x00484400\tpipe.img',
  '-\t0x11\tzero\tBinary\tmmc0\t0x00500000\t/dev/zero',
].join('\n');
let dir = '';

beforeAll(async () => {
  dir = await makeTempDir();
  for (const name of ['pipe.tsv', 'pipe.img']) {
    const made = spawnSync('mkfifo', [path.join(dir, name)]);
    if (made.status !== 0) throw new Error(`mkfifo: ${String(made.stderr)}`);
  }
  await writeFile(path.join(dir, 'layout.tsv'), `${layoutText}\n`);
});
afterAll(async () => {
  await removeTempDir(dir);
});

// Issue 20 item 3: `layout.digest` of /dev/zero never answered and kept a core busy; of a FIFO it hung.
describe('layout.digest of what is not a regular file', () => {
  async function opened() {
    const { server } = createServices({
      transport: 'browser-shell',
      platform: 'linux',
      cwd: dir,
      fileAccess: folderPolicy([dir]),
    });
    await server.handle('layout.open', { path: 'layout.tsv' }, context);
    return server;
  }

  it('hashes the open layout', async () => {
    const reply = await (await opened()).handle('layout.digest', { path: 'layout.tsv' }, context);
    expect(reply).toMatchObject({ ok: true, value: { bytes: layoutText.length + 1 } });
  });

  it(
    'answers FILE_NOT_READ at once for a FIFO the layout names as an image',
    async () => {
      const reply = await (await opened()).handle('layout.digest', { path: 'pipe.img' }, context);
      expect(reply).toMatchObject({ ok: false, error: { code: 'FILE_NOT_READ' } });
      expect(JSON.stringify(reply)).toMatch(/named pipe \(FIFO\)/);
    },
    generous,
  );

  it(
    'answers PATH_NOT_ALLOWED for /dev/zero, even named by the layout (a system folder)',
    async () => {
      const reply = await (await opened()).handle('layout.digest', { path: '/dev/zero' }, context);
      expect(reply).toMatchObject({ ok: false, error: { code: 'PATH_NOT_ALLOWED' } });
    },
    generous,
  );

  it(
    'refuses /dev/zero and a FIFO before reading a byte (the digest itself)',
    async () => {
      await expect(layoutDigest('/dev/zero')).rejects.toThrow(/character device/);
      await expect(layoutDigest(path.join(dir, 'pipe.tsv'))).rejects.toThrow(/named pipe/);
    },
    generous,
  );

  it(
    'layout.check of a FIFO answers LAYOUT_NOT_A_FILE',
    async () => {
      const reply = await (await opened()).handle('layout.check', { path: 'pipe.tsv' }, context);
      expect(reply).toMatchObject({
        ok: true,
        value: { ok: false, issues: [{ code: 'LAYOUT_NOT_A_FILE' }] },
      });
    },
    generous,
  );
});
