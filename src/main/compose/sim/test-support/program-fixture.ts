import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Soc } from '../../../../shared/board';
import type { ResultEvent } from '../../../../shared/program-events';
import { ConsoleService } from '../../../engine/console/console-service';
import { boardConsoleOf } from '../../../engine/session/board-console';
import { programLayout } from '../../../engine/session/program-layout';
import { stageFixture } from '../../../virtual-board/conformance/fixture-layout';
import { dataImage, stm32Image } from '../../../virtual-board/conformance/test-images';
import type { SpeedMode } from '../../../virtual-board/timing/speed-mode';
import { simulationBoardSource } from '../../simulation-board-source';
import { defaultSimOptions } from '../sim-options';
import { startSimulation } from '../start-simulation';

export interface FixtureRun {
  readonly result: ResultEvent;
  /** The host's console history of the board (its UART lines and the session's markers). */
  readonly consoleLines: readonly string[];
  /** What the board printed, as it kept it. */
  readonly uartLines: readonly string[];
}

/**
 * Programs one fixture layout (16 KiB images) on one virtual board of `soc` as the app does, from its own folder:
 * the board source's `beforeRun`, the console service on the board's UART. Cleans up after itself.
 */
export async function programFixture(fixture: string, soc: Soc, speed: SpeedMode): Promise<FixtureRun> {
  const dir = await mkdtemp(join(tmpdir(), 'program-fixture-'));
  const simulation = await startSimulation({ ...defaultSimOptions(soc), simSpeed: speed });
  const board = simulation?.boards[0];
  if (simulation === null || board === undefined) throw new Error('no simulation');
  const source = await simulationBoardSource(simulation, { autoFirmware: true });
  const consoles = new ConsoleService();
  const consoleId = `virtual-${board.number}`;
  consoles.attachStream(consoleId, board.uart, async () => undefined);
  try {
    await stageFixture(fixture, dir, (line) =>
      line.binary.endsWith('.stm32') ? stm32Image('v1_0', 16 * 1024) : dataImage(16 * 1024),
    );
    const boardId = source.tracker.boards()[0]?.id ?? '';
    const result = await programLayout(
      { layoutPath: join(dir, fixture), cwd: dir },
      {
        backend: source.backend,
        tracker: source.tracker,
        boardId,
        console: boardConsoleOf(consoles, consoleId),
        onEvent: () => undefined,
        beforeRun: (start) => source.beforeRun?.(boardId, start) ?? Promise.resolve(),
        reconnect: { returnMs: 5000 },
      },
    );
    await board.board.console.drained();
    return {
      result,
      consoleLines: [...(consoles.buffer(consoleId)?.lines() ?? [])],
      uartLines: board.board.console.lines(),
    };
  } finally {
    source.close();
    await consoles.closeAll();
    await simulation.close();
    await rm(dir, { recursive: true, force: true });
  }
}
