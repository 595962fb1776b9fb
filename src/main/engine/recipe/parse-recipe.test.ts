import { describe, expect, it } from 'vitest';
import { type Recipe, recipeId } from '../../../shared/recipe';
import { parseRecipe } from './parse-recipe';

const sha = (digit: string): string => digit.repeat(64);

/** A valid recipe, one key a line, so each test knows every value's line and column. */
const validYaml = [
  'version: 1', // 1
  'name: DK2 eMMC', // 2
  'layout: FlashLayout.tsv', // 3
  'partitions:', // 4
  '  only: [0x21, "0x22", 35]', // 5
  'deadlines: { reconnectMs: 20000 }', // 6
  'slots:', // 7
  '  - name: "1"', // 8
  '    port: 1-2.1', // 9
  '  - name: "2"', // 10
  '    port: 1-2.2', // 11
  'hashes:', // 12
  `  layout: ${sha('a')}`, // 13
  '  images:', // 14
  `    fip.bin: ${sha('b')}`, // 15
].join('\n');

function replaceLine(text: string, line: number, by: string): string {
  const lines = text.split('\n');
  lines[line - 1] = by;
  return lines.join('\n');
}

function where(text: string): string[] {
  return parseRecipe(text, 'station.yaml').issues.map(
    (issue) => `${issue.line}:${issue.column} ${issue.code} ${issue.path}`,
  );
}

describe('parseRecipe', () => {
  it('reads a valid recipe, hex ids as numbers, defaults filled in', () => {
    const { recipe, issues } = parseRecipe(validYaml, 'station.yaml');
    expect(issues).toEqual([]);
    expect(recipe?.partitions).toEqual({ only: [0x21, 0x22, 35] });
    expect(recipe?.deadlines).toEqual({ reconnectMs: 20000 });
    expect(recipe?.autoProgram).toBe(false);
    expect(recipe?.resetAtEnd).toBe(false);
    expect(recipe?.slots).toEqual([
      { name: '1', port: '1-2.1' },
      { name: '2', port: '1-2.2' },
    ]);
  });

  it('reads verify (default false); false keeps the id a recipe had before verify existed', async () => {
    const plain = parseRecipe(validYaml, 'station.yaml').recipe;
    const verifying = parseRecipe(`${validYaml}\nverify: true`, 'station.yaml').recipe;
    expect(plain?.verify).toBe(false);
    expect(verifying?.verify).toBe(true);
    if (plain === null || verifying === null) return;
    const { verify: _verify, ...before } = plain;
    expect(await recipeId(plain)).toBe(await recipeId(before as Recipe));
    expect(await recipeId(verifying)).not.toBe(await recipeId(plain));
  });

  it('places a wrong YAML value at its own line and column, with a hint', () => {
    const text = replaceLine(validYaml, 9, '    port: usb3');
    const { recipe, issues } = parseRecipe(text, 'station.yaml');
    expect(recipe).toBeNull();
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      code: 'RECIPE_INVALID',
      file: 'station.yaml',
      line: 9,
      column: 11,
      path: 'slots[0].port',
    });
    expect(issues[0]?.message).toContain('1-2.3');
    expect(issues[0]?.hint).toContain('port');
  });

  it('places a wrong JSON value at its own line and column', () => {
    const json = [
      '{', // 1
      '  "version": 1,', // 2
      '  "name": "DK2",', // 3
      '  "layout": "FlashLayout.tsv",', // 4
      '  "deadlines": { "reconnectMs": 50 },', // 5
      '  "slots": [{ "name": "1", "port": "1-3" }],', // 6
      `  "hashes": { "layout": "${sha('a')}", "images": {} }`, // 7
      '}',
    ].join('\n');
    expect(where(json)).toEqual(['5:33 RECIPE_INVALID deadlines.reconnectMs']);
  });

  it('puts an unknown key at the key, a missing one at the map that lacks it', () => {
    expect(where(replaceLine(validYaml, 6, 'deadline: { reconnectMs: 20000 }'))).toEqual([
      '6:1 RECIPE_INVALID deadline',
    ]);
    expect(where(replaceLine(validYaml, 2, '# no name'))).toEqual(['1:1 RECIPE_INVALID name']);
    expect(parseRecipe(replaceLine(validYaml, 2, '# no name'), 'r').issues[0]?.message).toBe(
      'name: is missing',
    );
  });

  it('reports bad YAML syntax with its line and column', () => {
    const text = replaceLine(validYaml, 5, '  only: [0x21, 0x22');
    const issues = parseRecipe(text, 'station.yaml').issues;
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((issue) => issue.code === 'RECIPE_SYNTAX')).toBe(true);
    expect(issues[0]?.line).toBeGreaterThanOrEqual(5);
    expect(issues[0]?.column).toBeGreaterThan(0);
    expect(where('a: 1\na: 2\n')[0]).toMatch(/^2:1 RECIPE_SYNTAX/);
  });

  it('refuses ids outside 0..255, malformed hex, and only with skip', () => {
    expect(where(replaceLine(validYaml, 5, '  only: [0x21, 256, "0x1FF"]'))).toEqual([
      '5:16 RECIPE_INVALID partitions.only[1]',
      '5:21 RECIPE_INVALID partitions.only[2]',
    ]);
    expect(where(replaceLine(validYaml, 5, '  only: [1]\n  skip: [2]'))).toEqual([
      '6:9 RECIPE_INVALID partitions.skip',
    ]);
  });

  it('refuses a slot name or port used twice, at the second one', () => {
    expect(where(replaceLine(validYaml, 10, '  - name: "1"'))).toEqual([
      '10:11 RECIPE_INVALID slots[1].name',
    ]);
    expect(where(replaceLine(validYaml, 11, '    port: 1-2.1'))).toEqual([
      '11:11 RECIPE_INVALID slots[1].port',
    ]);
  });

  it('refuses a SHA-256 that is not 64 lowercase hex digits, and another version', () => {
    expect(where(replaceLine(validYaml, 13, `  layout: ${sha('A')}`))).toEqual([
      '13:11 RECIPE_INVALID hashes.layout',
    ]);
    expect(where(replaceLine(validYaml, 15, '    fip.bin: 1234'))).toEqual([
      '15:14 RECIPE_INVALID hashes.images.fip.bin',
    ]);
    expect(where(replaceLine(validYaml, 1, 'version: 2'))).toEqual(['1:10 RECIPE_INVALID version']);
  });
});

describe('recipeId', () => {
  const recipe = parseRecipe(validYaml, 'r').recipe as Recipe;

  it('is 12 hex digits, the same for the same recipe written another way', async () => {
    const id = await recipeId(recipe);
    expect(id).toMatch(/^[0-9a-f]{12}$/);
    const reordered = parseRecipe(
      JSON.stringify(Object.fromEntries(Object.entries(recipe).reverse())),
      'r.json',
    ).recipe as Recipe;
    expect(await recipeId(reordered)).toBe(id);
  });

  it('ignores slots and log, follows what a board receives', async () => {
    const id = await recipeId(recipe);
    expect(await recipeId({ ...recipe, slots: [], log: { folder: 'logs' } })).toBe(id);
    expect(await recipeId({ ...recipe, hashes: { ...recipe.hashes, layout: sha('c') } })).not.toBe(id);
    expect(await recipeId({ ...recipe, partitions: { only: [0x21] } })).not.toBe(id);
  });
});
