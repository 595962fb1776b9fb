import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstDifference, readGptEntries } from '../../engine/image/test-support/disk-comparison';
import {
  fixturesDir,
  listFixtures,
  makeTempDir,
  removeTempDir,
  socOfFixture,
} from '../../engine/layout/test-support/layout-images';
import { layoutLines } from '../../virtual-board/conformance/fixture-layout';
import { runCli } from '../cli-program';
import { fakeCliIo } from '../fake-cli-io';
import { stageLayout } from '../program/test-support/staged-fixture';

const run = promisify(execFile);
/** The virtual board's SD card and eMMC user area (its default medium size). */
const memoryBytes = 8 * 1024 ** 3;

/** Fixtures whose every memory line is on SD or eMMC (`mmcN`), with that memory. */
async function sdOrEmmcFixtures(): Promise<[string, string][]> {
  const found: [string, string][] = [];
  for (const name of await listFixtures()) {
    const memories = layoutLines(await readFile(path.join(fixturesDir, name), 'latin1')).filter(
      (line) => line.ip !== 'none',
    );
    const ips = new Set(memories.map((line) => line.ip));
    if (memories.length > 0 && [...ips].every((ip) => /^mmc\d$/.test(ip)) && ips.size === 1)
      found.push([name, [...ips][0] ?? '']);
  }
  return found;
}

const fixtures = await sdOrEmmcFixtures();

let dir = '';
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => {
  await removeTempDir(dir);
});

describe('image: the card image of every SD/eMMC fixture is what programming it leaves on a virtual board', () => {
  it('covers SD cards and eMMC', () => {
    expect(new Set(fixtures.map(([, ip]) => ip))).toEqual(new Set(['mmc0', 'mmc1']));
  });

  it.each(fixtures)('%s (%s)', async (fixture, ip) => {
    const soc = socOfFixture(fixture);
    const work = path.join(dir, fixture.replace(/\.tsv$/, ''));
    const staged = await stageLayout(fixture, work, soc);
    const storage = path.join(work, 'board');
    const programIo = fakeCliIo({ cwd: work });
    const sim = ['--sim', '--sim-soc', soc, '--sim-speed', 'fast', '--sim-storage', storage];
    expect(await runCli(['program', staged.layoutPath, '--json', ...sim], programIo)).toBe(0);

    const card = path.join(work, 'card.img');
    const imageIo = fakeCliIo({ cwd: work });
    const code = await runCli(
      ['image', staged.layoutPath, '-o', card, '--size', String(memoryBytes)],
      imageIo,
    );
    expect(code, imageIo.err()).toBe(0);
    const memory = path.join(storage, `${ip}.img`);

    const entries = await readGptEntries(card);
    expect(entries).toEqual(await readGptEntries(memory));
    if (entries.length > 0) {
      const verify = await run('sgdisk', ['-v', card]);
      expect(verify.stdout).toContain('No problems found');
    }
    expect(await firstDifference(card, memory, memoryBytes)).toBeNull();
  });
});
