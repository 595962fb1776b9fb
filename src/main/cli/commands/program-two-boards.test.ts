import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgramEvent, ResultEvent } from '../../../shared/program-events';
import { analyzeFlashLayout } from '../../engine/layout/check-flash-layout';
import { makeTempDir, removeTempDir } from '../../engine/layout/test-support/layout-images';
import { ProgrammingSession } from '../../engine/session/programming-session';
import { planSession } from '../../engine/session/session-plan';
import { startSimulation } from '../../compose/sim/start-simulation';
import type { Simulation } from '../../compose/sim/start-simulation';
import { BoardTracker } from '../../engine/boards/board-tracker';
import type { StagedFixture } from '../program/test-support/staged-fixture';
import { readAt } from '../program/test-support/memory-readback';
import { stageLayout } from '../program/test-support/staged-fixture';

const dk1 = 'stm32mp157a-dk1-sdcard-trusted-blog.tsv';

let dir = '';
let simulation: Simulation | null = null;

beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => {
  await simulation?.close();
  await removeTempDir(dir);
});

describe.each([
  { what: 'without serial numbers', faults: ['no-serial'], matchedBy: 'slot' },
  { what: 'with serial numbers', faults: [], matchedBy: 'serial' },
])('two boards $what on neighbouring ports', ({ faults, matchedBy, what }) => {
  it('re-enumerating at the same moments, each is matched as its own board and keeps its own data', async () => {
    const storage = path.join(dir, what.replace(/ /g, '-'));
    // Each board gets its own layout copy with its own random images.
    const staged: StagedFixture[] = [
      await stageLayout(dk1, path.join(dir, 'a'), 'mp15'),
      await stageLayout(dk1, path.join(dir, 'b'), 'mp15'),
    ];
    simulation = await startSimulation(
      {
        sim: 2,
        simSoc: 'mp15',
        simFault: faults,
        simSpeed: { kind: 'fast' },
        simFirmware: '2019',
        simMediumSize: new Map(),
        simStorage: storage,
      },
      {},
    );
    if (simulation === null) throw new Error('no simulation');
    const { backend } = simulation;
    const tracker = new BoardTracker({ backend });
    await tracker.start();
    const boards = tracker.boards();
    expect(boards.map((board) => board.serial === null)).toEqual([faults.length > 0, faults.length > 0]);
    const events: ProgramEvent[][] = [[], []];
    const sessions = await Promise.all(
      staged.map(async (fixture, index) => {
        const analysis = await analyzeFlashLayout(fixture.layoutPath);
        if (analysis.layout === null) throw new Error('layout unreadable');
        const board = boards[index];
        if (board === undefined) throw new Error('board missing');
        const plan = await planSession(analysis.layout, analysis.binaryPaths);
        return new ProgrammingSession({
          backend,
          tracker,
          boardId: board.id,
          plan,
          onEvent: (event) => events[index]?.push(event),
        });
      }),
    );
    const results: ResultEvent[] = await Promise.all(sessions.map((session) => session.run()));
    expect(results.map((result) => [result.ok, result.code])).toEqual([
      [true, null],
      [true, null],
    ]);
    for (const boardEvents of events) {
      const found = boardEvents.filter((event) => event.type === 'reconnect' && event.phase === 'found');
      expect(found.map((event) => event.type === 'reconnect' && event.matchedBy)).toEqual([matchedBy]);
    }
    expect(tracker.boards().map((board) => [board.id, board.state])).toEqual([
      [boards[0]?.id, 'passed'],
      [boards[1]?.id, 'passed'],
    ]);
    tracker.dispose();
    for (const [index, fixture] of staged.entries()) {
      const memory = path.join(storage, `board-${index + 1}`, 'mmc0.img');
      for (const line of fixture.lines.filter((entry) => entry.ip === 'mmc0')) {
        const image = fixture.images.get(line.id);
        if (image === undefined) throw new Error(`no image for ${line.name}`);
        const written = await readAt(memory, Number(line.offset), image.length);
        expect(Buffer.compare(written, image), `board ${index + 1} ${line.name}`).toBe(0);
      }
    }
  });
});
