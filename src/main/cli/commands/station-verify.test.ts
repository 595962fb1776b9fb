import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulation } from '../../compose/sim/start-simulation';
import { BoardTracker } from '../../engine/boards/board-tracker';
import { makeTempDir, removeTempDir } from '../../engine/layout/test-support/layout-images';
import { prepareLayoutRun } from '../../engine/session/program-layout';
import type { SessionPlan } from '../../engine/session/session-plan';
import { stationRecordOf } from '../../engine/station/station-record-of';
import { StationRunner, type StationAttempt } from '../../engine/station/station-runner';
import { stageLayout } from '../program/test-support/staged-fixture';

/** The recipe's `verify: true` at a station: each board's record says how its read-back verify ended. */

const dk1 = 'stm32mp157a-dk1-sdcard-trusted-blog.tsv';
let dir = '';
let plan: SessionPlan;

beforeAll(async () => {
  dir = await makeTempDir();
  const staged = await stageLayout(dk1, path.join(dir, 'layout'), 'mp15', 16 * 1024);
  const prepared = await prepareLayoutRun({ layoutPath: staged.layoutPath, cwd: dir });
  if (prepared.kind !== 'ready') throw new Error('layout refused');
  plan = prepared.plan;
});
afterAll(async () => {
  await removeTempDir(dir);
});

async function station(faults: readonly string[], verify: boolean): Promise<Map<number, StationAttempt>> {
  const simulation = await startSimulation(
    {
      sim: faults.length,
      simSoc: 'mp15',
      simFault: faults.flatMap((fault, index) => (fault === '' ? [] : [`${index + 1}:${fault}`])),
      simSpeed: { kind: 'fast' },
      simFirmware: '2019',
      simMediumSize: new Map(),
      simStorage: path.join(dir, `boards-${String(verify)}`),
    },
    {},
  );
  if (simulation === null) throw new Error('no simulation');
  const tracker = new BoardTracker({ backend: simulation.backend, goneGraceMs: 60_000 });
  const attempts = new Map<number, StationAttempt>();
  try {
    await tracker.start();
    const runner = new StationRunner({
      name: 'verify',
      tracker,
      backend: simulation.backend,
      plan,
      slots: faults.map((_, index) => ({ name: `Slot ${index + 1}`, port: `1-${index + 1}` })),
      auto: false,
      verify,
      record: (attempt) => {
        attempts.set(Number(attempt.slot.name.replace('Slot ', '')), attempt);
        return Promise.resolve();
      },
    });
    runner.start();
    await runner.programAll();
    await runner.stop();
    return attempts;
  } finally {
    tracker.dispose();
    await simulation.close();
  }
}

const context = (verify: boolean) => ({
  station: 'test',
  recipeId: null,
  layoutSha256: null,
  imageSha256: {},
  appVersion: '0.0.0',
  verify,
});

describe('a station recipe with verify', () => {
  it('reports per board: passed for a good board, failed with VERIFY_MISMATCH for a corrupted one', async () => {
    const attempts = await station(['', 'corrupt=0x22'], true);
    const good = stationRecordOf(attempts.get(1)!, context(true));
    const bad = stationRecordOf(attempts.get(2)!, context(true));
    expect([good.result, good.code, good.verify]).toEqual(['PASS', null, 'passed']);
    expect([bad.result, bad.code, bad.verify]).toEqual(['FAIL', 'VERIFY_MISMATCH', 'failed']);
    expect(attempts.get(2)?.result.message).toMatch(/partition 0x22 \S+ read back differs/);
  });

  it('without verify the same corruption passes unseen, and the record says verify was off', async () => {
    const attempts = await station(['corrupt=0x22'], false);
    const record = stationRecordOf(attempts.get(1)!, context(false));
    expect([record.result, record.verify]).toEqual(['PASS', 'off']);
  });
});
