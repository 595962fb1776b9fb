import { copyFile, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFlashLayout } from '../engine/layout/parse-flash-layout';
import {
  fixturesDir,
  makeTempDir,
  removeTempDir,
  writeLayoutImages,
} from '../engine/layout/test-support/layout-images';
import { createServices } from './create-services';
import { ChosenFilesPolicy, type FileAccessPolicy, folderPolicy, serveFolders } from './file-access-policy';

// Issue 20 item 6: layout.check returned the lines of any readable file (as root, /etc/shadow), layout.digest
// hashed any file, layout.complete listed any folder.
const context = { transport: 'browser-shell', clientId: 'test' } as const;
const fixture = 'stm32mp157a-dk1-sdcard-trusted-blog.tsv';
let dir = '';
let allowed = '';
let outside = '';

beforeAll(async () => {
  dir = await makeTempDir();
  allowed = path.join(dir, 'allowed');
  outside = path.join(dir, 'outside');
  await mkdir(allowed);
  await mkdir(outside);
  await copyFile(path.join(fixturesDir, fixture), path.join(allowed, fixture));
  const { layout } = parseFlashLayout(await readFile(path.join(allowed, fixture)));
  await writeLayoutImages(layout, allowed, { soc: 'mp15' });
  await copyFile(path.join(fixturesDir, fixture), path.join(outside, fixture));
  await symlink('/etc/passwd', path.join(allowed, 'passwd.tsv'));
  await symlink(outside, path.join(allowed, 'elsewhere'));
  await writeFile(path.join(allowed, 'notes.tsv'), '# not named by the layout\n');
});
afterAll(async () => {
  await removeTempDir(dir);
});

function services(fileAccess: FileAccessPolicy) {
  return createServices({ transport: 'browser-shell', platform: 'linux', cwd: allowed, fileAccess }).server;
}

async function errorCode(reply: Promise<unknown>): Promise<string | null> {
  const answer = (await reply) as { ok: boolean; error?: { code: string; hint: string } };
  return answer.ok ? null : (answer.error?.code ?? 'no code');
}

describe("serve's folders (--files)", () => {
  it('refuses /etc/passwd with the default folders, even when home is / or /etc', async () => {
    for (const home of [path.join(dir, 'home'), '/', '/etc']) {
      const server = services(folderPolicy(serveFolders({}, allowed, home)));
      const reply = server.handle('layout.check', { path: '/etc/passwd' }, context);
      expect(await errorCode(reply)).toBe('PATH_NOT_ALLOWED');
    }
  });

  it('says what to do: --files', async () => {
    const reply = (await services(folderPolicy([allowed])).handle(
      'layout.check',
      { path: '/etc/passwd' },
      context,
    )) as { ok: false; error: { hint: string } };
    expect(reply.error.hint).toContain('--files');
  });

  it('checks a layout under --files, its images too', async () => {
    const reply = await services(folderPolicy([allowed])).handle('layout.check', { path: fixture }, context);
    expect(reply).toMatchObject({ ok: true, value: { ok: true } });
  });

  it('refuses a layout outside, also through a symlink inside', async () => {
    const server = services(folderPolicy([allowed]));
    for (const file of [path.join(outside, fixture), 'passwd.tsv', `elsewhere/${fixture}`])
      expect(await errorCode(server.handle('layout.check', { path: file }, context))).toBe(
        'PATH_NOT_ALLOWED',
      );
    const binariesDir = { path: fixture, binariesDir: outside };
    expect(await errorCode(server.handle('layout.check', binariesDir, context))).toBe('PATH_NOT_ALLOWED');
  });

  it('completes names inside, nothing outside', async () => {
    const server = services(folderPolicy([allowed]));
    const inside = await server.handle('layout.complete', { prefix: `${allowed}/` }, context);
    expect(inside).toMatchObject({
      ok: true,
      value: { entries: expect.arrayContaining([{ path: `${allowed}/${fixture}`, kind: 'layout' }]) },
    });
    for (const prefix of [`${outside}/`, '/etc/', '/', 'elsewhere/'])
      expect(await server.handle('layout.complete', { prefix }, context)).toEqual({
        ok: true,
        value: { entries: [] },
      });
  });

  it('hashes only the open layout and the images it names', async () => {
    const server = services(folderPolicy([allowed]));
    const digest = (file: string) => server.handle('layout.digest', { path: file }, context);
    expect(await errorCode(digest(fixture))).toBe('PATH_NOT_ALLOWED');
    await server.handle('layout.open', { path: fixture }, context);
    expect(await errorCode(digest(fixture))).toBeNull();
    const report = (await server.handle('layout.current', {}, context)) as {
      value: { report: { layout: { partitions: { binary: string | null }[] } } };
    };
    const image = report.value.report.layout.partitions.find((line) => line.binary !== null)?.binary;
    expect(image).toBeDefined();
    expect(await errorCode(digest(image ?? ''))).toBeNull();
    for (const file of ['notes.tsv', '/etc/passwd', path.join(outside, fixture)])
      expect(await errorCode(digest(file))).toBe('PATH_NOT_ALLOWED');
  });

  it('refuses program.start of a layout outside', async () => {
    const server = services(folderPolicy([allowed]));
    const start = { boardId: 'virtual-1', layoutPath: '/etc/passwd' };
    expect(await errorCode(server.handle('program.start', start, context))).toBe('PATH_NOT_ALLOWED');
  });
});

describe("Electron's chosen files", () => {
  it('refuses a path not chosen, allows a chosen one and lists only its folder', async () => {
    const policy = new ChosenFilesPolicy();
    const server = services(policy);
    const check = () => server.handle('layout.check', { path: fixture }, context);
    expect(await errorCode(check())).toBe('PATH_NOT_ALLOWED');
    await policy.choose(path.join(allowed, fixture));
    expect(await errorCode(check())).toBeNull();
    expect(await errorCode(server.handle('layout.check', { path: '/etc/passwd' }, context))).toBe(
      'PATH_NOT_ALLOWED',
    );
    const listed = await server.handle('layout.complete', { prefix: `${outside}/` }, context);
    expect(listed).toEqual({ ok: true, value: { entries: [] } });
  });
});
