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

async function station(mode: FastMode): Promise<StationAttempt> {
  const simulation = await startSimulation(
    {
      sim: 1,
      simSoc: 'mp15',
      simFault: [],
      simSpeed: { kind: 'fast' },
      simFirmware: '2019',
      simMediumSize: new Map(),
      simStorage: path.join(dir, `boards-${mode}`),
    },
    {},
  );
  if (simulation === null) throw new Error('no simulation');
  const tracker = new BoardTracker({ backend: simulation.backend, goneGraceMs: 60_000 });
  let attempt: StationAttempt | null = null;
  try {
    await tracker.start();
    const runner = new StationRunner({
      name: 'fast',
      tracker,
      backend: simulation.backend,
      plan,
      slots: [{ name: 'Slot 1', port: '1-1' }],
      auto: false,
      fast: { mode, access: { state: 'yes' } },
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
  return attempt;
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
});
