import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../layout/test-support/layout-images';
import { parseRecipe } from './parse-recipe';
import { recordSlots } from './record-slots';

const sha = (digit: string): string => digit.repeat(64);
const yaml = [
  '# Line 3 station: keep this comment',
  'version: 1',
  'name: DK2 # the product',
  'layout: FlashLayout.tsv',
  'slots: []',
  '# hashes written by recipe init',
  'hashes:',
  `  layout: ${sha('a')}`,
  '  images: {}',
  '',
].join('\n');

let dir = '';
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => {
  await removeTempDir(dir);
});

describe('recordSlots', () => {
  it('rewrites the slots and keeps the rest of the file, comments included', async () => {
    const file = path.join(dir, 'station.yaml');
    await writeFile(file, yaml);
    const slots = [
      { name: '1', port: '1-2.1' },
      { name: '2', port: '1-2.2' },
    ];
    const result = await recordSlots(file, slots);
    expect(result.ok).toBe(true);
    const text = await readFile(file, 'utf8');
    expect(text).toContain('# Line 3 station: keep this comment');
    expect(text).toContain('name: DK2 # the product');
    expect(text).toContain('# hashes written by recipe init');
    expect(parseRecipe(text, file).recipe?.slots).toEqual(slots);
  });

  it('writes nothing when a port is taught twice', async () => {
    const file = path.join(dir, 'twice.yaml');
    await writeFile(file, yaml);
    const result = await recordSlots(file, [
      { name: '1', port: '1-2.1' },
      { name: '2', port: '1-2.1' },
    ]);
    expect(result.ok ? [] : result.issues.map((issue) => `${issue.code} ${issue.path}`)).toEqual([
      'RECIPE_INVALID slots[1].port',
    ]);
    expect(await readFile(file, 'utf8')).toBe(yaml);
  });

  it('keeps a JSON recipe JSON', async () => {
    const file = path.join(dir, 'station.json');
    const recipe = {
      version: 1,
      name: 'DK2',
      layout: 'a.tsv',
      slots: [],
      hashes: { layout: sha('b'), images: {} },
    };
    await writeFile(file, JSON.stringify(recipe, null, 2));
    expect((await recordSlots(file, [{ name: 'A', port: '3-1' }])).ok).toBe(true);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      ...recipe,
      slots: [{ name: 'A', port: '3-1' }],
    });
  });
});
