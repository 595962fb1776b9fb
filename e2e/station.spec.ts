import { expect, test } from './test-base';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makeTempDir, removeTempDir } from '../src/main/engine/layout/test-support/layout-images';
import { stageLayout } from '../src/main/cli/program/test-support/staged-fixture';
import { createRecipe } from '../src/main/engine/recipe/create-recipe';
import { recordSlots } from '../src/main/engine/recipe/record-slots';
import { readStationLog } from '../src/main/engine/station/read-station-log';
import { startServe, type ServedShell } from './browser-shell-process';
import { contractRequest } from './contract-request';

// A factory station in the browser shell: four virtual boards, board 3 never comes back.
const fixture = 'stm32mp157a-dk1-sdcard-trusted-blog.tsv';
let dir: string;
let served: ServedShell | null = null;

test.beforeAll(async () => {
  dir = await makeTempDir();
});

test.afterAll(async () => {
  await served?.stop();
  await removeTempDir(dir);
});

/** A recipe for the staged DK1 layout: four taught slots, a short come-back deadline, the log beside it. */
async function stationRecipe(name = 'station', auto = false): Promise<string> {
  const { layoutPath } = await stageLayout(fixture, path.join(dir, 'images'), 'mp15');
  const recipe = path.join(dir, `${name}.yaml`);
  const created = await createRecipe(layoutPath, { output: recipe, name: 'Line 3 – DK1', force: true });
  if (!created.ok) throw new Error(JSON.stringify(created.issues));
  const text = await readFile(recipe, 'utf8');
  await writeFile(
    recipe,
    text
      .replace(/^autoProgram: false$/m, `autoProgram: ${auto}\ndeadlines: { reconnectMs: 2000 }`)
      .replace(/^layout: /m, `log: { folder: ${name}-log }\nlayout: `),
  );
  const slots = [1, 2, 3, 4].map((n) => ({ name: `Slot ${n}`, port: `1-${n}` }));
  const taught = await recordSlots(recipe, slots);
  if (!taught.ok) throw new Error(JSON.stringify(taught.issues));
  return recipe;
}

test('serve --sim=4 --station: Program all → slots 1, 2, 4 PASS, slot 3 FAIL DEVICE_NEVER_RETURNED; 4 records', async ({
  page,
}) => {
  const recipe = await stationRecipe();
  await served?.stop();
  served = await startServe([
    ...['--sim=4', '--sim-fault', '3:no-return', '--sim-speed', 'x20'],
    ...['--sim-storage', path.join(dir, 'storage'), '--station', recipe],
  ]);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(served.url);
  const tile = (n: number) => page.getByRole('region', { name: `Slot ${n}` });
  await expect(tile(1)).toHaveAttribute('data-state', 'idle');
  await expect(page.getByRole('status', { name: 'Locked' })).toBeVisible();
  await page.getByRole('button', { name: /^Program all/ }).click();
  for (const n of [1, 2, 4])
    await expect(tile(n)).toHaveAttribute('data-state', 'passed', { timeout: 45_000 });
  await expect(tile(3)).toHaveAttribute('data-state', 'failed', { timeout: 45_000 });
  await expect(tile(3)).toContainText('DEVICE_NEVER_RETURNED');
  await expect(tile(1)).toContainText('PASS');
  await expect(page.locator('.counter-passed')).toContainText('3');
  await expect(page.locator('.counter-failed')).toContainText('1');
  for (const [width, height] of [
    [1920, 1080],
    [1280, 800],
  ] as const) {
    await page.setViewportSize({ width, height });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: `e2e/artifacts/station-${width}x${height}-${scheme}.png` });
    }
  }
  // The station CSV and JSON lines hold exactly these four results.
  const log = await readStationLog(path.join(dir, 'station-log', (await logBase('station-log')) + '.jsonl'));
  expect(log.skipped).toEqual([]);
  expect(log.records.map((record) => [record.slot, record.result, record.code]).sort()).toEqual([
    ['Slot 1', 'PASS', null],
    ['Slot 2', 'PASS', null],
    ['Slot 3', 'FAIL', 'DEVICE_NEVER_RETURNED'],
    ['Slot 4', 'PASS', null],
  ]);
  const csv = (await readFile(path.join(dir, 'station-log', (await logBase('station-log')) + '.csv'), 'utf8'))
    .trim()
    .split('\r\n');
  expect(csv).toHaveLength(5);
  expect(csv.slice(1).filter((row) => row.includes(',PASS,'))).toHaveLength(3);
  expect(csv.slice(1).filter((row) => row.includes(',FAIL,DEVICE_NEVER_RETURNED,'))).toHaveLength(1);
});

async function logBase(folder: string): Promise<string> {
  const names = await readdir(path.join(dir, folder));
  const jsonl = names.find((name) => name.endsWith('.jsonl'));
  if (jsonl === undefined) throw new Error(`no station log in ${names.join(', ')}`);
  return jsonl.replace(/\.jsonl$/, '');
}

test('auto mode: boards present start by themselves; a board added to an empty slot starts too, once', async ({
  page,
}) => {
  const recipe = await stationRecipe('auto', true);
  await served?.stop();
  served = await startServe([
    ...['--sim=4', '--sim-present', '2', '--sim-speed', 'x20'],
    ...['--sim-storage', path.join(dir, 'auto-storage'), '--station', recipe],
  ]);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(served.url);
  const tile = (n: number) => page.getByRole('region', { name: `Slot ${n}` });
  for (const n of [1, 2]) await expect(tile(n)).toHaveAttribute('data-state', 'passed', { timeout: 45_000 });
  await expect(tile(3)).toHaveAttribute('data-state', 'waiting');
  await expect(tile(4)).toHaveAttribute('data-state', 'waiting');
  // "Add a virtual board": the next board is plugged into slot 3, and the station starts it by itself.
  await contractRequest(page, served.url, 'boards.addVirtual', { soc: 'mp15' });
  await expect(tile(3)).toHaveAttribute('data-state', 'passed', { timeout: 45_000 });
  await expect(tile(4)).toHaveAttribute('data-state', 'waiting');
  await expect(page.locator('.counter-passed')).toContainText('3');
  const records = async () =>
    (await readStationLog(path.join(dir, 'auto-log', (await logBase('auto-log')) + '.jsonl'))).records;
  await expect.poll(async () => (await records()).length).toBe(3);
  // Nothing is programmed twice: the same three boards, one record each.
  expect(new Set((await records()).map((record) => record.serial)).size).toBe(3);
});

test('entered from the app: a recipe typed in settings opens the station view; a changed image is refused', async ({
  page,
}) => {
  const recipe = await stationRecipe('entered');
  await served?.stop();
  served = await startServe([
    ...['--sim=2', '--sim-speed', 'x20', '--sim-storage', path.join(dir, 'entered-storage')],
    ...['--files', dir],
  ]);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(served.url);
  await page.getByText('Settings', { exact: true }).click();
  // An image changed since the recipe was written: refused, with the file named.
  await writeFile(path.join(dir, 'images', 'st-image-userfs-openstlinux-weston-stm32mp1.ext4'), 'changed');
  await page.getByLabel('Station recipe').fill(recipe);
  await page.getByRole('button', { name: 'Open station' }).click();
  await expect(page.getByRole('alert')).toContainText('RECIPE_FILE_CHANGED');
  await expect(page.getByRole('alert')).toContainText('st-image-userfs-openstlinux-weston-stm32mp1.ext4');
  // The recipe written again (`recipe init --force`) runs.
  await stationRecipe('entered');
  await page.getByRole('button', { name: 'Open station' }).click();
  const tile = (n: number) => page.getByRole('region', { name: `Slot ${n}` });
  await expect(tile(1)).toHaveAttribute('data-state', 'idle');
  await expect(page.getByRole('status', { name: 'Locked' })).toBeVisible();
  await page.getByRole('button', { name: /^Program all/ }).click();
  for (const n of [1, 2]) await expect(tile(n)).toHaveAttribute('data-state', 'passed', { timeout: 45_000 });
});

test('teach slots in the app (unlocked): the boards present become Slot 1..3, written into the recipe', async ({
  page,
}) => {
  const recipe = await stationRecipe('taught');
  // This recipe starts without slots: teaching fills them.
  const text = await readFile(recipe, 'utf8');
  await writeFile(recipe, text.replace(/^slots:\n(?: {2}.*\n)+/m, 'slots: []\n'));
  await served?.stop();
  served = await startServe([
    ...['--sim=3', '--sim-speed', 'x20', '--sim-storage', path.join(dir, 'taught-storage')],
    ...['--station', recipe],
  ]);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(served.url);
  await contractRequest(page, served.url, 'settings.update', { stationUnlocked: true });
  await page.getByRole('button', { name: 'Teach slots' }).click();
  await expect(page.getByRole('region', { name: 'Slot 3' })).toBeVisible();
  await page.getByRole('button', { name: 'Done teaching' }).click();
  await expect(page.getByText('3 slot(s) taught and written into the recipe.')).toBeVisible();
  const written = await readFile(recipe, 'utf8');
  expect(written).toMatch(
    /slots:\n {2}- name: Slot 1\n {4}port: 1-1\n {2}- name: Slot 2\n {4}port: 1-2\n {2}- name: Slot 3\n {4}port: 1-3\n/,
  );
});
