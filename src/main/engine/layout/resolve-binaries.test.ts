import { copyFile, mkdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFlashLayout } from './check-flash-layout';
import { parseFlashLayout } from './parse-flash-layout';
import { fixturesDir, makeTempDir, removeTempDir, writeLayoutImages } from './test-support/layout-images';

const fixture = 'stm32mp157f-ev1-sdcard-fwu-optee-meta-st.tsv';

/**
 * ST's package shape: images/stm32mp1/ holds the images (arm-trusted-firmware/, fip/, *.ext4), and the TSV sits
 * two folders below, in flashlayout_st-image-weston/optee/, with paths relative to images/stm32mp1.
 */
describe('the base folder of an ST package', () => {
  let root = '';
  let images = '';
  let layoutPath = '';
  beforeAll(async () => {
    root = await makeTempDir();
    images = path.join(root, 'images', 'stm32mp1');
    const layoutDir = path.join(images, 'flashlayout_st-image-weston', 'optee');
    await mkdir(layoutDir, { recursive: true });
    layoutPath = path.join(layoutDir, 'FlashLayout_sdcard_stm32mp157f-ev1-optee.tsv');
    await copyFile(path.join(fixturesDir, fixture), layoutPath);
    const { layout } = parseFlashLayout(await readFile(layoutPath));
    await writeLayoutImages(layout, images, { soc: 'mp15' });
  });
  afterAll(async () => {
    await removeTempDir(root);
  });

  it.each([
    ['the filesystem root', () => path.parse(root).root],
    ['the temporary folder', () => os.tmpdir()],
    ['the package root', () => root],
    ['the layout folder', () => path.dirname(layoutPath)],
    ['a folder one level up', () => path.dirname(path.dirname(layoutPath))],
  ])('finds every binary without --binaries-dir, from %s', async (_where, cwd) => {
    const report = await checkFlashLayout(layoutPath, { cwd: cwd(), soc: 'mp15' });
    expect(report.layout.baseDir).toBe(images);
    expect(report.issues.filter((issue) => issue.code === 'BINARY_NOT_FOUND')).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.layout.partitions.filter((p) => p.binary !== 'none').every((p) => p.size !== null)).toBe(
      true,
    );
  });

  it('finds them from the images folder as ST instructions run it, with a relative layout path', async () => {
    const relative = path.relative(images, layoutPath);
    const report = await checkFlashLayout(relative, { cwd: images });
    expect(report.layout.path).toBe(layoutPath);
    expect(report.layout.baseDir).toBe(images);
    expect(report.ok).toBe(true);
  });

  it('takes --binaries-dir as given, relative to the current directory', async () => {
    const report = await checkFlashLayout(layoutPath, { cwd: root, binariesDir: 'images/stm32mp1' });
    expect(report.layout.baseDir).toBe(images);
    expect(report.ok).toBe(true);
    const wrong = await checkFlashLayout(layoutPath, { cwd: root, binariesDir: '.' });
    expect(wrong.layout.baseDir).toBe(root);
    expect(
      wrong.issues.some((issue) => issue.code === 'BINARY_NOT_FOUND' && issue.severity === 'error'),
    ).toBe(true);
  });

  it('prefers the current directory when every binary is there', async () => {
    const copy = path.join(root, 'copy');
    const { layout } = parseFlashLayout(await readFile(layoutPath));
    await writeLayoutImages(layout, copy, { soc: 'mp15' });
    const report = await checkFlashLayout(layoutPath, { cwd: copy });
    expect(report.layout.baseDir).toBe(copy);
  });

  it('takes the folder where most binaries exist when none has them all', async () => {
    const partial = path.join(root, 'partial');
    await mkdir(path.join(partial, 'fip'), { recursive: true });
    await copyFile(
      path.join(images, 'fip', 'fip-stm32mp157f-ev1-optee.bin'),
      path.join(partial, 'fip', 'fip-stm32mp157f-ev1-optee.bin'),
    );
    const report = await checkFlashLayout(layoutPath, { cwd: partial });
    expect(report.layout.baseDir).toBe(images);
  });

  it('uses the layout folder when no folder holds any binary', async () => {
    const lonely = path.join(root, 'lonely');
    await mkdir(lonely);
    const lonelyLayout = path.join(lonely, 'FlashLayout.tsv');
    await copyFile(layoutPath, lonelyLayout);
    const report = await checkFlashLayout(lonelyLayout, { cwd: root, layoutOnly: true });
    expect(report.layout.baseDir).toBe(lonely);
    expect(report.ok).toBe(true);
  });
});
