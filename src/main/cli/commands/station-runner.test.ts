import path from 'node:path';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { startSimulation, type Simulation } from '../../compose/sim/start-simulation';
import { BoardTracker } from '../../engine/boards/board-tracker';
import { makeTempDir, removeTempDir } from '../../engine/layout/test-support/layout-images';
import { prepareLayoutRun } from '../../engine/session/program-layout';
import type { SessionPlan } from '../../engine/session/session-plan';
import { stageLayout } from '../program/test-support/staged-fixture';
import { StationRunner, type StationAttempt } from '../../engine/station/station-runner';

const dk1 = 'stm32mp157a-dk1-sdcard-trusted-blog.tsv';
let dir = '';
let plan: SessionPlan;
const open: { simulation: Simulation; tracker: BoardTracker; runner: StationRunner }[] = [];

beforeAll(async () => {
  dir = await makeTempDir();
  const staged = await stageLayout(dk1, path.join(dir, 'layout'), 'mp15');
  const prepared = await prepareLayoutRun({ layoutPath: staged.layoutPath, cwd: dir });
  if (prepared.kind !== 'ready') throw new Error('layout refused');
  plan = prepared.plan;
});
afterEach(async () => {
  for (const { simulation, tracker, runner } of open.splice(0)) {
    await runner.stop();
    tracker.dispose();
    await simulation.close();
  }
});
afterAll(async () => {
  await removeTempDir(dir);
});

async function station(options: {
  boards: number;
  faults?: string[];
  auto?: boolean;
  goneGraceMs?: number;
  resetAtEnd?: boolean;
}) {
  const simulation = await startSimulation(
    {
      sim: options.boards,
      simSoc: 'mp15',
      simFault: options.faults ?? [],
      simSpeed: { kind: 'fast' },
      simFirmware: '2019',
      simMediumSize: new Map(),
      simStorage: path.join(dir, `storage-${open.length}-${Date.now()}`),
    },
    {},
  );
  if (simulation === null) throw new Error('no simulation');
  const tracker = new BoardTracker({
    backend: simulation.backend,
    goneGraceMs: options.goneGraceMs ?? 60_000,
  });
  await tracker.start();
  const records: { attempt: StationAttempt; stateWhileWriting: string | undefined }[] = [];
  const runner: StationRunner = new StationRunner({
    name: 'test station',
    tracker,
    backend: simulation.backend,
    plan,
    slots: [1, 2, 3, 4].slice(0, options.boards).map((n) => ({ name: `Slot ${n}`, port: `1-${n}` })),
    auto: options.auto ?? false,
    resetAtEnd: options.resetAtEnd ?? false,
    reconnect: { returnMs: 1000, leaveMs: 1000 },
    record: async (attempt) => {
      // The tile must not be green before this record is on disk.
      const stateWhileWriting = runner.view().slots.find((slot) => slot.port === attempt.slot.port)?.state;
      await new Promise((resolve) => setTimeout(resolve, 20));
      records.push({ attempt, stateWhileWriting });
    },
  });
  runner.start();
  open.push({ simulation, tracker, runner });
  return { simulation, tracker, runner, records };
}

describe('StationRunner', () => {
  it('Program all: 4 boards at once, board 3 never returns; each outcome its own, PASS only after its record', async () => {
    const { runner, records } = await station({ boards: 4, faults: ['3:no-return'] });
    expect(runner.view().slots.map((slot) => slot.state)).toEqual(['idle', 'idle', 'idle', 'idle']);
    await runner.programAll();
    const view = runner.view();
    expect(view.slots.map((slot) => [slot.name, slot.state, slot.code])).toEqual([
      ['Slot 1', 'passed', null],
      ['Slot 2', 'passed', null],
      ['Slot 3', 'failed', 'DEVICE_NEVER_RETURNED'],
      ['Slot 4', 'passed', null],
    ]);
    expect(view.slots[2]?.hint).toMatch(/\w/);
    expect(view.counters).toMatchObject({ passed: 3, failed: 1, yield: 0.75 });
    expect(records).toHaveLength(4);
    expect(records.every((record) => record.stateWhileWriting !== 'passed')).toBe(true);
    expect(records.map((record) => [record.attempt.slot.name, record.attempt.result.ok]).sort()).toEqual([
      ['Slot 1', true],
      ['Slot 2', true],
      ['Slot 3', false],
      ['Slot 4', true],
    ]);
    // Each record names the board that stood in its slot.
    for (const { attempt } of records) expect(attempt.board.slot).toBe(attempt.slot.port);
    expect(new Set(records.map((record) => record.attempt.board.serial)).size).toBe(4);
  }, 30_000);

  it('auto: boards present start by themselves; one reset back into USB boot is not programmed twice', async () => {
    const { runner, records, simulation, tracker } = await station({ boards: 2, auto: true });
    await expect.poll(() => records.length, { timeout: 20_000 }).toBe(2);
    await runner.idle();
    expect(runner.view().slots.map((slot) => slot.state)).toEqual(['passed', 'passed']);
    // Board 1 resets into its ROM (its boot switches stay on USB): same board, never removed.
    const first = simulation.boards[0]?.board;
    if (first === undefined) throw new Error('no board');
    first.powerCycle();
    await expect
      .poll(() => tracker.boards().find((board) => board.slot === '1-1')?.entry ?? null)
      .not.toBeNull();
    await tracker.settled();
    await runner.idle();
    expect(records).toHaveLength(2);
    expect(runner.view().slots[0]).toMatchObject({ state: 'passed' });
  }, 30_000);

  it('the operator’s Program on a tile programs the same board again; its tile keeps PASS until then', async () => {
    const { runner, records, simulation, tracker } = await station({
      boards: 1,
      auto: true,
      goneGraceMs: 50,
    });
    await expect.poll(() => records.length, { timeout: 20_000 }).toBe(1);
    await runner.idle();
    // It left the bus when U-Boot's download ended and is `gone` past the grace: the tile still says PASS.
    await expect.poll(() => tracker.boards()[0]?.state, { timeout: 5000 }).toBe('gone');
    expect(runner.view().slots[0]).toMatchObject({ state: 'passed' });
    simulation.boards[0]?.board.powerCycle();
    await expect.poll(() => tracker.boards()[0]?.entry ?? null).not.toBeNull();
    await tracker.settled();
    await runner.idle();
    expect(records).toHaveLength(1);
    await runner.programSlot('Slot 1');
    expect(records).toHaveLength(2);
    expect(runner.view().counters).toMatchObject({ passed: 2, failed: 0 });
  }, 30_000);

  it('resetAtEnd: a passed board is reset back into USB boot (ROM) and, in auto mode, not programmed again', async () => {
    const { runner, records, simulation, tracker } = await station({
      boards: 1,
      auto: true,
      resetAtEnd: true,
    });
    await expect.poll(() => records.length, { timeout: 20_000 }).toBe(1);
    await runner.idle();
    const board = simulation.boards[0]?.board;
    // U-Boot resets on the bus reset after its last DETACH: the ROM enumerates again.
    await expect.poll(() => board?.stage, { timeout: 10_000 }).toBe('rom');
    await expect.poll(() => board?.attached).toBe(true);
    await tracker.settled();
    await runner.idle();
    expect(records).toHaveLength(1);
    expect(runner.view().slots[0]).toMatchObject({ state: 'passed' });
    const without = await station({ boards: 1, auto: true });
    await expect.poll(() => without.records.length, { timeout: 20_000 }).toBe(1);
    await without.runner.idle();
    expect(without.simulation.boards[0]?.board.stage).toBe('done');
  }, 30_000);
});
