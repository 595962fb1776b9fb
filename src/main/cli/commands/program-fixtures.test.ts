import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultEvent } from '../../../shared/program-events';
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
import { expectLayoutInMemories } from '../program/test-support/expect-layout-in-memories';
import { stageLayout } from '../program/test-support/staged-fixture';

/** Fixtures whose every memory line is on SD or eMMC (`mmcN`). */
async function sdOrEmmcFixtures(): Promise<string[]> {
  const names: string[] = [];
  for (const name of await listFixtures()) {
    const memories = layoutLines(await readFile(path.join(fixturesDir, name), 'latin1')).filter(
      (line) => line.ip !== 'none',
    );
    if (memories.length > 0 && memories.every((line) => /^mmc\d$/.test(line.ip))) names.push(name);
  }
  return names;
}

const fixtures = await sdOrEmmcFixtures();

let dir = '';
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => {
  await removeTempDir(dir);
});

describe.concurrent('every SD/eMMC fixture programs onto a fast virtual board of its SoC', () => {
  it('covers the fixtures of all three SoCs', () => {
    expect(new Set(fixtures.map(socOfFixture))).toEqual(new Set(['mp13', 'mp15', 'mp25']));
  });

  it.each(fixtures)('%s', async (fixture) => {
    const soc = socOfFixture(fixture);
    const work = path.join(dir, fixture.replace(/\.tsv$/, ''));
    const staged = await stageLayout(fixture, work, soc);
    const storage = path.join(work, 'board');
    const io = fakeCliIo({ cwd: work });
    const args = ['program', staged.layoutPath, '--json', '--sim', '--sim-soc', soc, '--sim-speed', 'fast'];
    const code = await runCli([...args, '--sim-storage', storage], io);
    const result = JSON.parse(io.out().trim().split('\n').at(-1) ?? '{}') as ResultEvent;
    expect(result).toMatchObject({ ok: true, code: null });
    expect(code).toBe(0);
    expect(result.partitions.every((partition) => partition.status === 'written')).toBe(true);

    await expectLayoutInMemories(fixture, staged, storage);
  });
});

describe.concurrent('one code path for both firmware generations, led by GetPhase', () => {
  const stagesOf = async (fixture: string, extra: string[]): Promise<string[]> => {
    const soc = socOfFixture(fixture);
    const work = path.join(dir, `gen-${fixture.replace(/\.tsv$/, '')}-${extra.join('')}`);
    const staged = await stageLayout(fixture, work, soc);
    const io = fakeCliIo({ cwd: work });
    const args = ['program', staged.layoutPath, '--json', '--sim', '--sim-soc', soc, '--sim-speed', 'fast'];
    expect(await runCli([...args, '--sim-storage', path.join(work, 'board'), ...extra], io)).toBe(0);
    return io
      .out()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; stage?: string })
      .flatMap((event) => (event.type === 'stage' && event.stage !== undefined ? [event.stage] : []));
  };

  it.each([
    [
      'stm32mp157a-dk1-sdcard-trusted-blog.tsv',
      '2019 (.stm32 SSBL)',
      ['rom', 'tfa', 'uboot-partitions', 'done'],
    ],
    [
      'stm32mp157f-ev1-sdcard-fwu-optee-meta-st.tsv',
      'current (FIP)',
      ['rom', 'tfa', 'uboot-layout', 'uboot-partitions', 'done'],
    ],
    [
      'stm32mp135d-atk-sdcard-optee-doubled-tabs.tsv',
      'current',
      ['rom', 'tfa', 'uboot-layout', 'uboot-partitions', 'done'],
    ],
    [
      'stm32mp257f-ev1-emmc-openbmc.tsv',
      'current',
      ['rom', 'tfa-ddr', 'tfa', 'uboot-layout', 'uboot-partitions', 'done'],
    ],
  ])('%s, firmware %s: stages %j', async (fixture, _generation, stages) => {
    expect(await stagesOf(fixture, [])).toEqual(stages);
  });
});
