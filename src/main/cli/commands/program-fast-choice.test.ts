import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgramEvent, ResultEvent } from '../../../shared/program-events';
import { decideFastPath } from '../../engine/fast-path/decide-fast-path';
import { parseUbootVersion } from '../../engine/fast-path/uboot-version';
import {
  fixturesDir,
  listFixtures,
  makeTempDir,
  removeTempDir,
  socOfFixture,
} from '../../engine/layout/test-support/layout-images';
import { parseFlashLayout } from '../../engine/layout/parse-flash-layout';
import { runCli } from '../cli-program';
import { exitCodes } from '../exit-codes';
import { fakeCliIo } from '../fake-cli-io';
import { stageLayout } from '../program/test-support/staged-fixture';

/**
 * `--fast` on the fixtures whose fast path is not possible (issue 26 acceptance): `on` refuses before anything is
 * sent (so before any DETACH), with the reason; `auto` programs them over DFU and says why in one line. Each
 * fixture's FIP carries a U-Boot that runs scripts, so the reasons are the layout's and the FIP's name's.
 */
const uboot = '2023.10-stm32mp-r1';

/** The fixtures decideFastPath sends to DFU (with a U-Boot that runs scripts), and their reasons. */
async function dfuFixtures(): Promise<{ fixture: string; reason: string; sdOrEmmc: boolean }[]> {
  const found = [];
  for (const fixture of await listFixtures()) {
    const { layout } = parseFlashLayout(await readFile(path.join(fixturesDir, fixture)));
    const fip =
      layout.partitions.find((line) => line.ip?.kind === 'none' && line.id === 0x03)?.binary ?? null;
    const decided = decideFastPath({
      mode: 'auto',
      layout,
      soc: socOfFixture(fixture),
      fip:
        fip === null
          ? null
          : { fileName: path.basename(fip), uboot: fip.endsWith('.stm32') ? null : parseUbootVersion(uboot) },
      access: { state: 'yes' },
      verify: false,
    });
    const memories = layout.partitions.filter((line) => line.ip !== null && line.ip.kind !== 'none');
    if (decided.path === 'dfu' && decided.reason !== null)
      found.push({
        fixture,
        reason: decided.reason,
        sdOrEmmc: memories.length > 0 && memories.every((line) => line.ip?.kind === 'mmc'),
      });
  }
  return found;
}

const fixtures = await dfuFixtures();
let dir = '';
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => removeTempDir(dir));

async function program(
  fixture: string,
  mode: 'on' | 'auto',
  name: string,
): Promise<{ code: number; events: ProgramEvent[] }> {
  const soc = socOfFixture(fixture);
  const work = path.join(dir, `${name}-${fixture.replace(/\.tsv$/, '')}`);
  const staged = await stageLayout(fixture, work, soc);
  // The FIP TF-A loads says which U-Boot it holds, as a real one does (its version_string).
  const fip = staged.lines.find((line) => line.id === 0x03 && line.ip === 'none');
  if (fip !== undefined && !fip.binary.endsWith('.stm32')) {
    const file = path.join(work, fip.binary);
    const bytes = new Uint8Array(await readFile(file));
    bytes.set(new TextEncoder().encode(`U-Boot ${uboot} (Jan 01 2024 - 00:00:00 +0000)\0`), 4096);
    await writeFile(file, bytes);
  }
  const io = fakeCliIo({ cwd: work });
  const args = ['program', staged.layoutPath, '--json', '--sim', '--sim-soc', soc, '--sim-speed', 'fast'];
  const code = await runCli([...args, '--sim-storage', path.join(work, 'board'), '--fast', mode], io);
  const events = io
    .out()
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as ProgramEvent);
  return { code, events };
}

describe.concurrent('a fixture the fast path cannot take', () => {
  it('there are such fixtures among SD/eMMC ones and others', () => {
    expect(fixtures.some((entry) => entry.sdOrEmmc)).toBe(true);
    expect(fixtures.some((entry) => !entry.sdOrEmmc)).toBe(true);
  });

  it.each(fixtures)(
    '$fixture: --fast on refuses before anything is sent, with the reason',
    async ({ fixture, reason }) => {
      const { code, events } = await program(fixture, 'on', 'on');
      const result = events.at(-1) as ResultEvent;
      expect(result).toMatchObject({ ok: false, code: 'FAST_PATH_UNAVAILABLE' });
      expect(result.message).toContain(reason);
      expect(code).toBe(exitCodes.cannotStart);
      expect(
        events.filter((event) => event.type === 'reconnect' || event.type === 'partition-progress'),
      ).toEqual([]);
      expect(result.partitions.every((partition) => partition.bytes === 0)).toBe(true);
    },
  );

  it.each(fixtures.filter((entry) => entry.sdOrEmmc))(
    '$fixture: --fast auto programs it over DFU and says why',
    async ({ fixture, reason }) => {
      const { code, events } = await program(fixture, 'auto', 'auto');
      expect(events.at(-1)).toMatchObject({ type: 'result', ok: true });
      expect(code).toBe(0);
      expect(events).toContainEqual(
        expect.objectContaining({ type: 'log', message: `DFU, not the fast path: ${reason}` }),
      );
    },
  );
});

describe('the --fast options themselves', () => {
  it('refuses a --fast or --fast-device it does not know, as a usage error, before anything starts', async () => {
    for (const args of [
      ['--fast', 'maybe'],
      ['--fast-device', 'sd0'],
    ]) {
      const io = fakeCliIo({ cwd: dir });
      const code = await runCli(['program', 'layout.tsv', ...args], io);
      expect(code, args.join(' ')).toBe(exitCodes.cannotStart);
      expect(io.err()).toMatch(
        args[0] === '--fast' ? /Allowed choices are auto, on, off/ : /mmc0 \(SD card\) or mmc1 \(eMMC\)/,
      );
    }
  });
});
