import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastMode } from '../../../shared/fast-path';
import { recipeId, recipeSchema } from '../../../shared/recipe';
import { startSimulation } from '../../compose/sim/start-simulation';
import { BoardTracker } from '../../engine/boards/board-tracker';
import { makeTempDir, removeTempDir } from '../../engine/layout/test-support/layout-images';
import { prepareLayoutRun } from '../../engine/session/program-layout';
import type { SessionPlan } from '../../engine/session/session-plan';
import { StationRunner, type StationAttempt } from '../../engine/station/station-runner';
import { stageFastFixture } from '../program/test-support/fast-path-fixture';
import { stageLayout } from '../program/test-support/staged-fixture';

/**
 * The recipe's `fast` at a station: the same decision as `program --fast`, per board before anything is sent.
 * The DK1 SD-card layout with its stock-named U-Boot: no fast path (no U-Boot version string in the virtual one).
 */
const dk1 = 'stm32mp157a-dk1-sdcard-trusted-blog.tsv';
let dir = '';
let plan: SessionPlan;

beforeAll(async () => {
  dir = await makeTempDir();
  const staged = await stageLayout(dk1, path.join(dir, 'layout'), 'mp15', 16 * 1024);
  const prepared = await prepareLayoutRun({ layoutPath: staged.layoutPath, cwd: dir, fast: 'auto' });
  if (prepared.kind !== 'ready') throw new Error('layout refused');
  plan = prepared.plan;
});
afterAll(async () => removeTempDir(dir));

async function station(
  mode: FastMode,
  run: { plan: SessionPlan; firmware: '2019' | 'current' } = { plan, firmware: '2019' },
): Promise<StationAttempt & { stages: string[] }> {
  const simulation = await startSimulation(
    {
      sim: 1,
      simSoc: 'mp15',
      simFault: [],
      simSpeed: { kind: 'fast' },
      simFirmware: run.firmware,
      simMediumSize: new Map(),
      simStorage: path.join(dir, `boards-${mode}-${run.firmware}`),
    },
    {},
  );
  if (simulation === null) throw new Error('no simulation');
  const tracker = new BoardTracker({ backend: simulation.backend, goneGraceMs: 60_000 });
  let attempt: StationAttempt | null = null;
  const stages: string[] = [];
  try {
    await tracker.start();
    const runner = new StationRunner({
      name: 'fast',
      tracker,
      backend: simulation.backend,
      plan: run.plan,
      slots: [{ name: 'Slot 1', port: '1-1' }],
      auto: false,
      fast: { mode, access: { state: 'yes' } },
      onEvent: (_tag, event) => {
        if (event.type === 'stage') stages.push(event.stage);
      },
      record: (recorded) => {
        attempt = recorded;
        return Promise.resolve();
      },
    });
    runner.start();
    await runner.programAll();
    await runner.stop();
  } finally {
    tracker.dispose();
    await simulation.close();
  }
  if (attempt === null) throw new Error('no attempt');
  return { ...(attempt as StationAttempt), stages };
}

describe('a station recipe with fast', () => {
  it('`fast: on` fails each board before anything is sent, with the reason; `auto` programs it over DFU', async () => {
    const refused = await station('on');
    expect(refused.result).toMatchObject({ ok: false, code: 'FAST_PATH_UNAVAILABLE' });
    expect(refused.result.message).toContain('no U-Boot version string was found');
    expect(refused.result.partitions.every((partition) => partition.bytes === 0)).toBe(true);
    const programmed = await station('auto');
    expect(programmed.result).toMatchObject({ ok: true });
  });

  it('a recipe without `fast` keeps its id; `fast` and `fastDevice` are read and change it', async () => {
    const base = {
      version: 1,
      name: 'r',
      layout: 'l.tsv',
      slots: [],
      hashes: { layout: 'a'.repeat(64), images: {} },
    };
    const plain = recipeSchema.parse(base);
    const fast = recipeSchema.parse({ ...base, fast: 'on', fastDevice: 'mmc0' });
    expect(fast).toMatchObject({ fast: 'on', fastDevice: 'mmc0' });
    expect(plain.fast).toBeUndefined();
    expect(await recipeId(fast)).not.toBe(await recipeId(plain));
    expect(recipeSchema.safeParse({ ...base, fastDevice: 'sd0' }).success).toBe(false);
  });

  it('`fast: auto` where the fast path is possible: the board is programmed over fastboot', async () => {
    const fastCase = {
      fixture: 'stm32mp157c-ev1-sdcard-fwu-pe-tfa-ci-2024.tsv',
      soc: 'mp15',
      fastboot: 'sdcard',
    } as const;
    const staged = await stageFastFixture(fastCase, path.join(dir, 'fast-layout'));
    const prepared = await prepareLayoutRun({ layoutPath: staged.layoutPath, cwd: dir, fast: 'auto' });
    if (prepared.kind !== 'ready') throw new Error('layout refused');
    const attempt = await station('auto', { plan: prepared.plan, firmware: 'current' });
    expect(attempt.result).toMatchObject({ ok: true });
    expect(attempt.result.partitions.every((partition) => partition.status === 'written')).toBe(true);
    expect(attempt.stages).toContain('uboot-fastboot');
  });
});
