import { open } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgramEvent, ResultEvent } from '../../../shared/program-events';
import { analyzeFlashLayout } from '../../engine/layout/check-flash-layout';
import { makeTempDir, removeTempDir } from '../../engine/layout/test-support/layout-images';
import { ProgrammingSession } from '../../engine/session/programming-session';
import { planSession } from '../../engine/session/session-plan';
import { startSimulation } from '../../virtual-board/sim/start-simulation';
import type { Simulation } from '../../virtual-board/sim/start-simulation';
import { listBoards } from '../program/device-choice';
import type { StagedFixture } from '../program/test-support/staged-fixture';
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

describe('two boards without serial numbers on neighbouring ports', () => {
  it('re-enumerating at the same moments, each is matched by its port and keeps its own data', async () => {
    // Each board gets its own layout copy with its own random images.
    const staged: StagedFixture[] = [
      await stageLayout(dk1, path.join(dir, 'a'), 'mp15'),
      await stageLayout(dk1, path.join(dir, 'b'), 'mp15'),
    ];
    simulation = await startSimulation(
      {
        sim: 2,
        simSoc: 'mp15',
        simFault: ['no-serial'],
        simSpeed: { kind: 'fast' },
        simFirmware: '2019',
        simMediumSize: new Map(),
        simStorage: path.join(dir, 'boards'),
      },
      {},
    );
    if (simulation === null) throw new Error('no simulation');
    const { backend } = simulation;
    const boards = await listBoards(backend);
    expect(boards.map((entry) => entry.identity.serial)).toEqual([null, null]);
    const events: ProgramEvent[][] = [[], []];
    const sessions = await Promise.all(
      staged.map(async (fixture, index) => {
        const analysis = await analyzeFlashLayout(fixture.layoutPath);
        if (analysis.layout === null) throw new Error('layout unreadable');
        const device = boards[index];
        if (device === undefined) throw new Error('board missing');
        const plan = await planSession(analysis.layout, analysis.binaryPaths);
        return new ProgrammingSession({
          backend,
          device,
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
      expect(found.map((event) => event.type === 'reconnect' && event.matchedBy)).toEqual(['port']);
    }
    for (const [index, fixture] of staged.entries()) {
      const memory = path.join(dir, 'boards', `board-${index + 1}`, 'mmc0.img');
      for (const line of fixture.lines.filter((entry) => entry.ip === 'mmc0')) {
        const image = fixture.images.get(line.id);
        if (image === undefined) throw new Error(`no image for ${line.name}`);
        const written = await readAt(memory, Number(line.offset), image.length);
        expect(Buffer.compare(written, image), `board ${index + 1} ${line.name}`).toBe(0);
      }
    }
  });
});
