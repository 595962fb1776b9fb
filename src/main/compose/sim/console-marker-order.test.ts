import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleService } from '../../engine/console/console-service';
import { boardConsoleOf } from '../../engine/session/board-console';
import { programLayout } from '../../engine/session/program-layout';
import { stageFixture } from '../../virtual-board/conformance/fixture-layout';
import { dataImage, stm32Image } from '../../virtual-board/conformance/test-images';
import { simulationBoardSource } from '../simulation-board-source';
import { defaultSimOptions } from './sim-options';
import { startSimulation, type Simulation } from './start-simulation';

const dk1 = 'stm32mp157a-dk1-sdcard-trusted-blog.tsv';

let dir = '';
let simulation: Simulation | null = null;
afterEach(async () => {
  await simulation?.close();
  simulation = null;
  await rm(dir, { recursive: true, force: true });
});

/** The console's lines from each `── flashing partition … ──` marker up to the next marker. */
function partitionSections(lines: readonly string[]): { marker: string; lines: string[] }[] {
  const sections: { marker: string; lines: string[] }[] = [];
  let current: { marker: string; lines: string[] } | null = null;
  for (const line of lines) {
    if (line.startsWith('── ')) {
      current = line.startsWith('── flashing partition') ? { marker: line, lines: [] } : null;
      if (current !== null) sections.push(current);
    } else current?.lines.push(line);
  }
  return sections;
}

describe('stage markers in a virtual board console paced like a UART', () => {
  it('land after what the board printed before the host moved on: each partition section holds its own DOWNLOAD OK', async () => {
    dir = await mkdtemp(join(tmpdir(), 'marker-order-'));
    await stageFixture(dk1, dir, (line) =>
      line.binary.endsWith('.stm32') ? stm32Image('v1_0', 16 * 1024) : dataImage(16 * 1024),
    );
    simulation = await startSimulation({
      ...defaultSimOptions('mp15'),
      simSpeed: { kind: 'scaled', factor: 50 },
    });
    if (simulation === null) throw new Error('no simulation');
    const board = simulation.boards[0];
    if (board === undefined) throw new Error('no board');
    const source = await simulationBoardSource(simulation, { autoFirmware: true });
    const consoles = new ConsoleService();
    const consoleId = `virtual-${board.number}`;
    consoles.attachStream(consoleId, board.uart, async () => undefined);
    const boardId = source.tracker.boards()[0]?.id ?? '';
    try {
      const result = await programLayout(
        { layoutPath: join(dir, dk1), cwd: dir },
        {
          backend: source.backend,
          tracker: source.tracker,
          boardId,
          console: boardConsoleOf(consoles, consoleId),
          onEvent: () => undefined,
          beforeRun: (head) => source.beforeRun?.(boardId, head) ?? Promise.resolve(),
          reconnect: { returnMs: 5000 },
        },
      );
      expect(result).toMatchObject({ ok: true });
      await board.board.console.drained();
      const lines = consoles.buffer(consoleId)?.lines() ?? [];
      const sections = partitionSections(lines);
      expect(sections.map((section) => section.marker)).toHaveLength(7);
      for (const section of sections)
        expect(
          section.lines.filter((line) => line === 'DOWNLOAD ... OK'),
          section.marker,
        ).toHaveLength(1);
      // U-Boot announced its alternates before it enumerated: before the host marked the partitions stage.
      const announced = lines.lastIndexOf('DFU alt info setting: done');
      expect(announced).toBeGreaterThan(-1);
      expect(announced).toBeLessThan(lines.indexOf('── stage uboot-partitions ──'));
    } finally {
      source.close();
      await consoles.closeAll();
    }
  });
});
