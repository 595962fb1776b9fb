import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completePath } from './path-completion';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'flasher-complete-'));
  await mkdir(path.join(dir, 'flashlayout_st-image-weston'));
  await mkdir(path.join(dir, '.git'));
  await writeFile(path.join(dir, 'FlashLayout_sdcard.tsv'), '');
  await writeFile(path.join(dir, 'FlashLayout_emmc.TSV'), '');
  await writeFile(path.join(dir, 'notes.txt'), '');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('completePath', () => {
  it('lists the folders and layouts of a folder typed with its trailing slash, hidden ones left out', async () => {
    expect(await completePath(`${dir}/`, '/')).toEqual([
      { path: `${dir}/FlashLayout_emmc.TSV`, kind: 'layout' },
      { path: `${dir}/FlashLayout_sdcard.tsv`, kind: 'layout' },
      { path: `${dir}/flashlayout_st-image-weston/`, kind: 'folder' },
    ]);
  });

  it('completes a partly typed name, relative to the folder the app started in', async () => {
    expect(await completePath('Flash', dir)).toEqual([
      { path: 'FlashLayout_emmc.TSV', kind: 'layout' },
      { path: 'FlashLayout_sdcard.tsv', kind: 'layout' },
    ]);
    expect(await completePath('./fl', dir)).toEqual([
      { path: './flashlayout_st-image-weston/', kind: 'folder' },
    ]);
  });

  it('answers nothing for a folder that does not exist', async () => {
    expect(await completePath('/nonexistent/dir/x', '/')).toEqual([]);
  });
});
