import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fipImage, stm32Image } from '../virtual-board/conformance/test-images';
import { startSimulation, type Simulation } from './sim/start-simulation';
import { simulationBoardSource } from './simulation-board-source';

let simulation: Simulation | null = null;
let dir = '';
afterEach(async () => {
  await simulation?.close();
  simulation = null;
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function start(firmware: 'auto' | 'current', count = 2) {
  dir = await mkdtemp(join(tmpdir(), 'sim-source-'));
  simulation = await startSimulation({
    sim: count,
    simSoc: 'mp15',
    simFault: [],
    simSpeed: { kind: 'fast' },
    simFirmware: firmware,
    simMediumSize: new Map(),
    simStorage: dir,
  });
  if (simulation === null) throw new Error('no simulation');
  return {
    simulation,
    source: await simulationBoardSource(simulation, { autoFirmware: firmware === 'auto' }),
  };
}

describe('virtual boards as a board source', () => {
  it('lists each board once, by slot, as a virtual board in its ROM with its own console', async () => {
    const { source } = await start('current');
    expect(source.tracker.summaries()).toEqual([
      expect.objectContaining({ id: 'virtual-1', virtual: true, slot: '1-1', stage: 'rom', soc: 'mp15' }),
      expect.objectContaining({ id: 'virtual-2', virtual: true, slot: '1-2', stage: 'rom', soc: 'mp15' }),
    ]);
    expect(source.tracker.summaries().map((board) => [board.state, board.speed, board.access])).toEqual([
      ['idle', 'high', 'ok'],
      ['idle', 'high', 'ok'],
    ]);
    expect([source.consoleOf('virtual-1'), source.consoleOf('virtual-2')]).toEqual([
      'virtual-1',
      'virtual-2',
    ]);
    source.close();
  });

  it('`--sim-firmware auto` picks the generation when a run starts, from that run’s SSBL', async () => {
    const { simulation: running, source } = await start('auto', 1);
    const board = running.boards[0]?.board;
    expect(board?.generation).toBe('current');
    await source.beforeRun?.('virtual-1', { ssblHead: stm32Image('v1_0', 512), layoutPath: 'layout.tsv' });
    expect(board?.generation).toBe('2019');
    await source.beforeRun?.('virtual-1', { ssblHead: fipImage(512), layoutPath: 'layout.tsv' });
    expect(board?.generation).toBe('current');
    source.close();
  });
});
