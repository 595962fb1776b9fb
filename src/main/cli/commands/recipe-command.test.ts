import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { open, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir, repositoryRoot } from '../../engine/layout/test-support/layout-images';
import { runCli } from '../cli-program';
import { exitCodes } from '../exit-codes';
import { fakeCliIo } from '../fake-cli-io';
import { stageLayout } from '../program/test-support/staged-fixture';

const fixture = 'stm32mp157a-dk1-sdcard-trusted-blog.tsv';
let root = '';
let count = 0;

beforeAll(async () => {
  root = await makeTempDir();
});
afterAll(async () => {
  await removeTempDir(root);
});

async function cli(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  const io = fakeCliIo({ cwd });
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

/** A fresh folder with the fixture staged (layout and generated images) and `recipe init` run in it. */
async function initialised(): Promise<{ dir: string; layout: string }> {
  const dir = path.join(root, `case-${++count}`);
  const { layoutPath } = await stageLayout(fixture, dir, 'mp15');
  const init = await cli(['recipe', 'init', path.basename(layoutPath), '-o', 'station.yaml'], dir);
  expect(init.err).toBe('');
  expect(init.code).toBe(exitCodes.success);
  expect(init.out).toContain('Check it with: stm32mp-flasher recipe check station.yaml');
  return { dir, layout: layoutPath };
}

describe('stm32mp-flasher recipe init, recipe check', () => {
  it('init writes a recipe that check passes', async () => {
    const { dir } = await initialised();
    const check = await cli(['recipe', 'check', 'station.yaml'], dir);
    expect(check.code).toBe(exitCodes.success);
    expect(check.out).toContain('No problem found.');
    const json = await cli(['recipe', 'check', 'station.yaml', '--json'], dir);
    const report = JSON.parse(json.out) as { ok: boolean; id: string; recipe: { layout: string } };
    expect(report).toMatchObject({ ok: true, recipe: { layout: fixture } });
    expect(report.id).toMatch(/^[0-9a-f]{12}$/);
  });

  it('init refuses to overwrite without --force', async () => {
    const { dir } = await initialised();
    const before = await readFile(path.join(dir, 'station.yaml'), 'utf8');
    await writeFile(path.join(dir, 'station.yaml'), `${before}# mine\n`);
    const again = await cli(['recipe', 'init', fixture, '-o', 'station.yaml'], dir);
    expect(again.code).toBe(exitCodes.cannotStart);
    expect(again.err).toContain('RECIPE_EXISTS');
    expect(await readFile(path.join(dir, 'station.yaml'), 'utf8')).toContain('# mine');
    expect((await cli(['recipe', 'init', fixture, '-o', 'station.yaml', '--force'], dir)).code).toBe(0);
    expect(await readFile(path.join(dir, 'station.yaml'), 'utf8')).toBe(before);
  });

  it('check names a changed image as file:line:column with a hint, exit 1', async () => {
    const { dir } = await initialised();
    const text = await readFile(path.join(dir, 'station.yaml'), 'utf8');
    const image = /^ {4}(\S+\.stm32):/m.exec(text)?.[1] ?? '';
    expect(image).not.toBe('');
    const handle = await open(path.join(dir, image), 'r+');
    await handle.write(new Uint8Array([0xee]), 0, 1, 500);
    await handle.close();
    const line = text.split('\n').findIndex((row) => row.startsWith(`    ${image}:`)) + 1;
    const check = await cli(['recipe', 'check', 'station.yaml'], dir);
    expect(check.code).toBe(exitCodes.failed);
    expect(check.out).toContain(
      `station.yaml:${line}:${image.length + 7}: error RECIPE_FILE_CHANGED: the image ${image}:`,
    );
    expect(check.out).toMatch(/\n {4}hint: .*recipe init/);
  });

  it('check places a schema error at its line and column', async () => {
    const { dir } = await initialised();
    const text = await readFile(path.join(dir, 'station.yaml'), 'utf8');
    await writeFile(
      path.join(dir, 'station.yaml'),
      text.replace('slots: []', 'slots:\n  - { name: A, port: 7 }'),
    );
    const line = text.split('\n').indexOf('slots: []') + 2;
    const check = await cli(['recipe', 'check', 'station.yaml'], dir);
    expect(check.code).toBe(exitCodes.failed);
    expect(check.out).toContain(`station.yaml:${line}:22: error RECIPE_INVALID: slots[0].port:`);
  });

  it('check cannot start on a missing recipe (exit 2)', async () => {
    const check = await cli(['recipe', 'check', 'nowhere.yaml'], root);
    expect(check.code).toBe(exitCodes.cannotStart);
    expect(check.err).toContain('no such file');
  });
});

describe.runIf(existsSync(path.join(repositoryRoot, 'out/cli/index.js')))('the built CLI', () => {
  it('runs recipe check as a process', async () => {
    const { dir } = await initialised();
    const bin = path.join(repositoryRoot, 'bin/stm32mp-flasher.js');
    const { stdout } = await promisify(execFile)(process.execPath, [bin, 'recipe', 'check', 'station.yaml'], {
      cwd: dir,
    });
    expect(stdout).toContain('No problem found.');
  });
});
