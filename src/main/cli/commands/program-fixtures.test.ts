import { execFile } from 'node:child_process';
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultEvent } from '../../../shared/program-events';
import {
  fixturesDir,
  listFixtures,
  makeTempDir,
  removeTempDir,
  socOfFixture,
} from '../../engine/layout/test-support/layout-images';
import type { LayoutLine } from '../../virtual-board/conformance/fixture-layout';
import { layoutLines } from '../../virtual-board/conformance/fixture-layout';
import { runCli } from '../cli-program';
import { fakeCliIo } from '../fake-cli-io';
import { stageLayout } from '../program/test-support/staged-fixture';

const run = promisify(execFile);

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

/** Where U-Boot writes a line: the memory file and the byte offset in it (a RawImage at 0: the whole device). */
function placeOf(line: LayoutLine, fixture: string): { file: string; offset: number } {
  if (line.offset === 'boot1' || line.offset === 'boot2')
    return { file: `${line.ip}-${line.offset}.img`, offset: 0 };
  if (isRawImage(line, fixture)) return { file: `${line.ip}.img`, offset: 0 };
  return { file: `${line.ip}.img`, offset: Number(line.offset) };
}

async function readAt(file: string, offset: number, length: number): Promise<Uint8Array> {
  const handle = await open(file);
  try {
    const bytes = new Uint8Array(length);
    await handle.read(bytes, 0, length, offset);
    return bytes;
  } finally {
    await handle.close();
  }
}

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

    const onMemories = staged.lines.filter((line) => line.ip !== 'none');
    // Where the layout writes a GPT (a memory's user area with a non-RawImage line), sgdisk reads it back.
    for (const ip of new Set(onMemories.map((line) => line.ip))) {
      const inGpt = onMemories.filter(
        (line) =>
          line.ip === ip && !line.offset.startsWith('boot') && !/RawImage/i.test(line.option + line.name),
      );
      const raw = staged.lines.some(
        (line) => line.ip === ip && line.offset !== 'boot1' && isRawImage(line, fixture),
      );
      if (inGpt.length === 0 || raw) continue;
      const { stdout } = await run('sgdisk', ['-p', path.join(storage, `${ip}.img`)]);
      const rows = stdout
        .split('\n')
        .map((line) => /^\s+(\d+)\s+(\d+)\s+(\d+)\s+\S+ \S+\s+\S+\s+(\S+)\s*$/.exec(line))
        .filter((match) => match !== null)
        .map((match) => ({ start: Number(match[2]) * 512, name: match[4] }));
      expect(rows, `${ip} GPT`).toEqual(
        inGpt.map((line) => ({ start: Number(line.offset), name: line.name })),
      );
    }
    // Every partition that receives data holds its image where U-Boot writes it.
    for (const line of onMemories) {
      if (!line.option.includes('P') || line.option.includes('E') || line.binary === 'none') continue;
      const image = staged.images.get(line.id);
      if (image === undefined) throw new Error(`no image for ${line.name}`);
      const place = placeOf(line, fixture);
      const written = await readAt(path.join(storage, place.file), place.offset, image.length);
      expect(Buffer.compare(written, image), `${line.name} at ${place.file}:${place.offset}`).toBe(0);
    }
  });
});

/** The layout's Type column says RawImage (read apart: the shared plain reading of a line drops the Type). */
function isRawImage(line: LayoutLine, fixture: string): boolean {
  return rawImageLines.get(fixture)?.has(line.id) ?? false;
}

const rawImageLines = new Map<string, Set<number>>();
for (const fixture of fixtures) {
  const text = await readFile(path.join(fixturesDir, fixture), 'latin1');
  const ids = text
    .split('\n')
    .filter((line) => /\tRawImage\t/i.test(line.replace(/\t+/g, '\t')))
    .map((line) => Number(line.split(/\t+/)[1]));
  rawImageLines.set(fixture, new Set(ids));
}

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
