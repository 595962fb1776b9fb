import { execFileSync } from 'node:child_process';
import { appendFile, mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../layout/test-support/layout-images';
import { checkRecipe, recipeNotRead } from './check-recipe';
import { createRecipe } from './create-recipe';
import { stageFixtureLayout } from './test-support/staged-layout';

const fixture = 'stm32mp157c-ev1-sdcard-trusted-meta-st.tsv';
const uboot = 'bootloader/u-boot-stm32mp157c-ev1-trusted.stm32';
let root = '';
let case_ = 0;

beforeAll(async () => {
  root = await makeTempDir();
});
afterAll(async () => {
  await removeTempDir(root);
});

/** A fresh folder with the fixture's layout and images, and a recipe written for them in `station/`. */
async function staged(): Promise<{ dir: string; layout: string; recipe: string }> {
  const dir = path.join(root, `case-${++case_}`);
  await mkdir(path.join(dir, 'station'), { recursive: true });
  const layout = await stageFixtureLayout(fixture, dir);
  const recipe = path.join(dir, 'station', 'recipe.yaml');
  const created = await createRecipe(layout, { output: recipe });
  expect(created.ok).toBe(true);
  return { dir, layout, recipe };
}

async function flipByte(file: string, offset: number): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    const byte = new Uint8Array(1);
    await handle.read(byte, 0, 1, offset);
    byte[0] = (byte[0] ?? 0) ^ 0xff;
    await handle.write(byte, 0, 1, offset);
  } finally {
    await handle.close();
  }
}

describe('createRecipe then checkRecipe', () => {
  it('writes the hashes of the layout and of every image it sends, and the check passes', async () => {
    const { recipe } = await staged();
    const report = await checkRecipe(recipe);
    expect(report.issues).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.layout?.ok).toBe(true);
    expect(report.id).toMatch(/^[0-9a-f]{12}$/);
    expect(report.recipe?.layout).toBe(`../${fixture}`);
    expect(Object.keys(report.recipe?.hashes.images ?? {}).sort()).toEqual([
      'arm-trusted-firmware/tf-a-stm32mp157c-ev1-serialboot.stm32',
      'arm-trusted-firmware/tf-a-stm32mp157c-ev1-trusted.stm32',
      uboot,
      'st-image-bootfs-openstlinux-weston-stm32mp1.ext4',
      'st-image-userfs-openstlinux-weston-stm32mp1.ext4',
      'st-image-vendorfs-openstlinux-weston-stm32mp1.ext4',
      'st-image-weston-openstlinux-weston-stm32mp1.ext4',
    ]);
  });

  it('refuses to overwrite a recipe unless forced', async () => {
    const { layout, recipe } = await staged();
    const again = await createRecipe(layout, { output: recipe });
    expect(again.ok).toBe(false);
    expect(again.ok ? [] : again.issues.map((issue) => issue.code)).toEqual(['RECIPE_EXISTS']);
    expect((await createRecipe(layout, { output: recipe, force: true })).ok).toBe(true);
    const nowhere = await createRecipe(layout, { output: path.join(root, 'no-folder', 'r.yaml') });
    expect(nowhere.ok ? [] : nowhere.issues.map((issue) => issue.code)).toEqual(['RECIPE_UNWRITABLE']);
  });
});

describe('checkRecipe: the recorded hashes', () => {
  it('names an image whose byte changed, at its line in hashes.images', async () => {
    const { dir, recipe } = await staged();
    await flipByte(path.join(dir, uboot), 300);
    const report = await checkRecipe(recipe);
    expect(report.ok).toBe(false);
    const changed = report.issues.filter((issue) => issue.code === 'RECIPE_FILE_CHANGED');
    expect(changed).toHaveLength(1);
    expect(changed[0]?.message).toContain(uboot);
    expect(changed[0]?.message).toContain('content (SHA-256');
    expect(changed[0]?.path).toBe(`hashes.images.${uboot}`);
    const text = (await readFile(recipe, 'utf8')).split('\n');
    expect(text[(changed[0]?.line ?? 0) - 1]).toContain(uboot);
  });

  it('names a changed layout and a missing image', async () => {
    const { dir, layout, recipe } = await staged();
    await appendFile(layout, '# edited\n');
    await rm(path.join(dir, 'st-image-userfs-openstlinux-weston-stm32mp1.ext4'));
    const report = await checkRecipe(recipe);
    const changed = report.issues.filter((issue) => issue.code === 'RECIPE_FILE_CHANGED');
    expect(changed.map((issue) => issue.path)).toEqual([
      'hashes.layout',
      'hashes.images.st-image-userfs-openstlinux-weston-stm32mp1.ext4',
    ]);
    expect(changed[1]?.message).toContain('missing');
    expect(report.issues.map((issue) => issue.code)).toContain('RECIPE_LAYOUT_INVALID');
  });

  it('refuses an image the layout sends that hashes.images does not record', async () => {
    const { recipe } = await staged();
    const text = await readFile(recipe, 'utf8');
    await writeFile(recipe, text.replace(/^ {4}st-image-weston-openstlinux.*\n/m, ''));
    const report = await checkRecipe(recipe);
    expect(report.ok).toBe(false);
    expect(report.issues).toHaveLength(1);
    expect(report.issues[0]).toMatchObject({ code: 'RECIPE_FILE_CHANGED', path: 'hashes.images' });
    expect(report.issues[0]?.message).toContain('st-image-weston-openstlinux-weston-stm32mp1.ext4');
  });

  it('refuses partition ids the layout does not have, at the id', async () => {
    const { recipe } = await staged();
    await appendFile(recipe, 'partitions:\n  skip: [0x21, 0x77]\n');
    const report = await checkRecipe(recipe);
    expect(report.issues.map((issue) => `${issue.code} ${issue.path}`)).toEqual([
      'RECIPE_INVALID partitions.skip[1]',
    ]);
    expect(report.issues[0]?.column).toBe(16);
  });
});

describe('checkRecipe: the recipe file', () => {
  it('refuses a file over 64 KiB unread, and a missing file', async () => {
    const big = path.join(root, 'big.yaml');
    await writeFile(big, `# ${'x'.repeat(64 * 1024)}\n`);
    const report = await checkRecipe(big);
    expect(recipeNotRead(report)?.message).toContain('at most 65536 bytes');
    expect(recipeNotRead(await checkRecipe(path.join(root, 'none.yaml')))?.message).toContain('no such file');
  });

  it.skipIf(process.platform === 'win32')('refuses a FIFO before reading it', async () => {
    const fifo = path.join(root, 'fifo.yaml');
    execFileSync('mkfifo', [fifo]);
    const report = await checkRecipe(fifo);
    expect(recipeNotRead(report)?.message).toContain('named pipe');
  });
});
