import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ProgramEvent } from '../../../shared/program-events';
import { analyzeFlashLayout } from '../../engine/layout/check-flash-layout';
import { makeTempDir, removeTempDir } from '../../engine/layout/test-support/layout-images';
import { ProgrammingSession } from '../../engine/session/programming-session';
import { planSession } from '../../engine/session/session-plan';
import { phaseLedRun } from '../../virtual-board/conformance/phase-led-run';
import { startSimulation } from '../../compose/sim/start-simulation';
import type { Simulation } from '../../compose/sim/start-simulation';
import { BoardTracker } from '../../engine/boards/board-tracker';
import type { StagedFixture } from '../program/test-support/staged-fixture';
import { stageLayout } from '../program/test-support/staged-fixture';

/** An MP15 layout of the current generation (FIP): TF-A takes the FIP, U-Boot takes the layout. */
const ev1 = 'stm32mp157f-ev1-sdcard-fwu-optee-meta-st.tsv';
const dk1 = 'stm32mp157a-dk1-sdcard-trusted-blog.tsv';

let dir = '';
let simulation: Simulation | null = null;
beforeAll(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await simulation?.close();
  simulation = null;
});
afterAll(async () => {
  await removeTempDir(dir);
});

/** A board taken by another host through `detaches` stage changes of a run of `fixture`, then left there. */
async function boardLeftMidRun(fixture: StagedFixture, detaches: number): Promise<Simulation> {
  const started = await startSimulation({
    sim: 1,
    simSoc: 'mp15',
    simFault: [],
    simSpeed: { kind: 'fast' },
    simFirmware: 'current',
    simMediumSize: new Map(),
    simStorage: path.join(dir, `board-${detaches}`),
  });
  if (started === null) throw new Error('no simulation');
  const images = new Map(fixture.images);
  images.set(0x00, new Uint8Array(await readFile(fixture.layoutPath)));
  await phaseLedRun(started.backend, images, { stopAfterDetaches: detaches });
  return started;
}

async function programWith(fixture: StagedFixture, running: Simulation) {
  const analysis = await analyzeFlashLayout(fixture.layoutPath);
  if (analysis.layout === null) throw new Error('layout unreadable');
  const plan = await planSession(analysis.layout, analysis.binaryPaths);
  const tracker = new BoardTracker({ backend: running.backend });
  await tracker.start();
  for (let attempt = 0; attempt < 100 && tracker.boards().length === 0; attempt++)
    await tracker.nextChange(10);
  await tracker.settled();
  const [board] = tracker.boards();
  if (board === undefined) throw new Error('the board did not come back');
  const events: ProgramEvent[] = [];
  const session = new ProgrammingSession({
    backend: running.backend,
    tracker,
    boardId: board.id,
    plan,
    onEvent: (e) => events.push(e),
  });
  try {
    return { result: await session.run(), events };
  } finally {
    tracker.dispose();
  }
}

describe('a session continues from whatever phase the board reports', () => {
  it('a board already in U-Boot waiting for its layout is not sent TF-A again', async () => {
    const fixture = await stageLayout(ev1, path.join(dir, 'ev1-a'), 'mp15');
    simulation = await boardLeftMidRun(fixture, 1);
    const { result, events } = await programWith(fixture, simulation);
    expect(result).toMatchObject({ ok: true, code: null });
    const stages = events.flatMap((event) => (event.type === 'stage' ? [event.stage] : []));
    expect(stages).toEqual(['uboot-layout', 'uboot-partitions', 'done']);
    const status = new Map(result.partitions.map((partition) => [partition.id, partition.status]));
    expect([status.get(0x01), status.get(0x03)]).toEqual(['pending', 'pending']);
    expect(status.get(0x10)).toBe('written');
  });

  it('a board left in U-Boot with another layout is told to be reset, never written', async () => {
    const fixture = await stageLayout(ev1, path.join(dir, 'ev1-b'), 'mp15');
    simulation = await boardLeftMidRun(fixture, 2);
    const other = await stageLayout(dk1, path.join(dir, 'dk1'), 'mp15');
    const { result, events } = await programWith(other, simulation);
    expect(result).toMatchObject({ ok: false, code: 'BOARD_NEEDS_RESET' });
    expect(result.message).toMatch(/holds another layout: it offers @metadata1\/0x06/);
    expect(events.some((event) => event.type === 'partition-progress')).toBe(false);
    expect(result.hints.at(-1)).toMatch(/Reset the board/);
  });
});
