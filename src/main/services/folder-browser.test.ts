import { mkdir, realpath, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxBrowseEntries } from '../../shared/contract';
import { FlasherError } from '../../shared/errors';
import { makeTempDir, removeTempDir } from '../engine/layout/test-support/layout-images';
import { createServices } from './create-services';
import { ChosenFilesPolicy, folderPolicy } from './file-access-policy';
import { browseFolder } from './folder-browser';

// Issue 23 item 4: the browser shell's "Browse…" lists folders and layouts, only where `serve` may read.
let dir = '';
let allowed = '';
let outside = '';
let many = '';

beforeAll(async () => {
  dir = await realpath(await makeTempDir());
  allowed = path.join(dir, 'allowed');
  outside = path.join(dir, 'outside');
  many = path.join(allowed, 'many');
  for (const folder of [
    allowed,
    outside,
    many,
    path.join(allowed, 'board 10'),
    path.join(allowed, 'board 9'),
  ])
    await mkdir(folder);
  await mkdir(path.join(allowed, '.git'));
  await mkdir(path.join(outside, 'secrets'));
  await writeFile(path.join(allowed, 'FlashLayout_sdcard.tsv'), 'never read');
  await writeFile(path.join(allowed, 'FlashLayout_emmc.TSV'), '');
  await writeFile(path.join(allowed, '.hidden.tsv'), '');
  await writeFile(path.join(allowed, 'notes.txt'), '');
  await writeFile(path.join(allowed, 'fip.bin'), '');
  await writeFile(path.join(outside, 'outside.tsv'), '');
  // Links that lead out of the allowed folder, and one that stays inside.
  await symlink(outside, path.join(allowed, 'escape'));
  await symlink(path.join(outside, 'outside.tsv'), path.join(allowed, 'escaped.tsv'));
  await symlink('/etc', path.join(allowed, 'etc'));
  await symlink(path.join(allowed, 'board 9'), path.join(allowed, 'shortcut'));
  await symlink(path.join(allowed, 'missing'), path.join(allowed, 'broken.tsv'));
  for (let index = 0; index < maxBrowseEntries + 3; index += 1)
    await writeFile(path.join(many, `layout-${index}.tsv`), '');
});
afterAll(async () => {
  await removeTempDir(dir);
});

const policy = () => folderPolicy([allowed]);

async function refusal(listing: Promise<unknown>): Promise<string> {
  const error: unknown = await listing.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  return error instanceof FlasherError ? error.code : `no FlasherError: ${String(error)}`;
}

describe('browseFolder', () => {
  it('lists folders first, then layouts, by name; no hidden entry, no other file, no link leading out', async () => {
    const listing = await browseFolder(allowed, { cwd: dir, policy: policy() });
    expect(listing.entries.map((entry) => `${entry.kind} ${entry.name}`)).toEqual([
      'folder board 9',
      'folder board 10',
      'folder many',
      'folder shortcut',
      'layout FlashLayout_emmc.TSV',
      'layout FlashLayout_sdcard.tsv',
    ]);
    expect(listing.entries[0]?.path).toBe(path.join(allowed, 'board 9'));
    expect(listing).toMatchObject({ folder: allowed, parent: null, more: 0, roots: [allowed] });
    expect(JSON.stringify(listing)).not.toContain('never read');
  });

  it('gives the parent inside the allowed folder, and follows a link that stays inside', async () => {
    const sub = await browseFolder(path.join(allowed, 'board 10'), { cwd: dir, policy: policy() });
    expect(sub).toMatchObject({ folder: path.join(allowed, 'board 10'), parent: allowed, entries: [] });
    const linked = await browseFolder('shortcut', { cwd: allowed, policy: policy() });
    expect(linked.folder).toBe(path.join(allowed, 'board 9'));
  });

  it('refuses a folder outside, through .. or through a symlink, with PATH_NOT_ALLOWED', async () => {
    for (const folder of [
      outside,
      path.join(allowed, '..'),
      `${allowed}/board 9/../../outside`,
      '..',
      path.join(allowed, 'escape'),
      path.join(allowed, 'escape', 'secrets'),
      path.join(allowed, 'etc'),
      '/etc',
      '/',
    ])
      expect(await refusal(browseFolder(folder, { cwd: allowed, policy: policy() }))).toBe(
        'PATH_NOT_ALLOWED',
      );
  });

  it('refuses a system folder even under an allowed one', async () => {
    expect(await refusal(browseFolder('/etc', { cwd: '/', policy: folderPolicy(['/']) }))).toBe(
      'PATH_NOT_ALLOWED',
    );
    const top = await browseFolder('/', { cwd: '/', policy: folderPolicy(['/']) });
    expect(top.entries.map((entry) => entry.name)).not.toContain('etc');
  });

  it('says FILE_NOT_READ for a folder that is not there or is a file', async () => {
    for (const folder of ['missing', 'notes.txt'])
      expect(await refusal(browseFolder(folder, { cwd: allowed, policy: policy() }))).toBe('FILE_NOT_READ');
  });

  it('lists at most the cap and counts the rest', async () => {
    const listing = await browseFolder(many, { cwd: dir, policy: policy() });
    expect(listing.entries).toHaveLength(maxBrowseEntries);
    expect(listing.more).toBe(3);
    expect(listing.entries.slice(0, 3).map((entry) => entry.name)).toEqual([
      'layout-0.tsv',
      'layout-1.tsv',
      'layout-2.tsv',
    ]);
    const capped = await browseFolder(allowed, { cwd: dir, policy: policy(), limit: 2 });
    expect(capped).toMatchObject({ more: 4, entries: [{ name: 'board 9' }, { name: 'board 10' }] });
  });

  it('starts where the app was started when it may, else in the first allowed folder', async () => {
    expect((await browseFolder(undefined, { cwd: many, policy: policy() })).folder).toBe(many);
    expect((await browseFolder(undefined, { cwd: outside, policy: policy() })).folder).toBe(allowed);
  });

  it('in Electron, lists only the folder of a chosen layout, and only what was chosen', async () => {
    const chosen = new ChosenFilesPolicy();
    await chosen.choose(path.join(allowed, 'FlashLayout_sdcard.tsv'));
    const listing = await browseFolder(undefined, { cwd: outside, policy: chosen });
    expect(listing.entries.map((entry) => entry.name)).toEqual(['FlashLayout_sdcard.tsv']);
    expect(listing.parent).toBeNull();
    expect(await refusal(browseFolder(many, { cwd: dir, policy: chosen }))).toBe('PATH_NOT_ALLOWED');
  });
});

describe('files.browse', () => {
  it('is served by the contract, refusals as typed errors with the --files hint', async () => {
    const { server } = createServices({
      transport: 'browser-shell',
      platform: 'linux',
      cwd: allowed,
      fileAccess: policy(),
    });
    const context = { transport: 'browser-shell', clientId: 'test' } as const;
    const listed = await server.handle('files.browse', { folder: 'board 10' }, context);
    expect(listed).toEqual({
      ok: true,
      value: {
        folder: path.join(allowed, 'board 10'),
        parent: allowed,
        entries: [],
        more: 0,
        roots: [allowed],
      },
    });
    const refused = await server.handle('files.browse', { folder: outside }, context);
    expect(refused).toMatchObject({ ok: false, error: { code: 'PATH_NOT_ALLOWED' } });
    expect(JSON.stringify(refused)).toContain('--files');
  });
});
