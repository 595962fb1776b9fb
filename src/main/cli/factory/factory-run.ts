import type { BoardTag, ProgramSummary } from '../../../shared/program-events';
import { programEventSchemaVersion } from '../../../shared/program-events';
import type { StationView } from '../../../shared/station';
import { openCommandBoards, type CommandBoards } from '../../compose/command-board-source';
import { openStation, StationRefused, type OpenedStation } from '../../compose/open-station';
import type { SimOptions } from '../../compose/sim/sim-options';
import { ConsoleService } from '../../engine/console/console-service';
import type { CliIo } from '../cli-io';
import { CliOutput, untilInterrupted } from '../cli-io';
import { exitCodes, type ExitCode } from '../exit-codes';
import { jsonForTerminal } from '../views/terminal-safe';
import { StationTextView } from './station-text-view';

export interface FactoryOptions extends SimOptions {
  readonly once?: boolean;
  readonly json?: boolean;
}

function summaryOf(
  view: StationView,
  tags: ReadonlyMap<string, BoardTag>,
  elapsedMs: number,
): ProgramSummary {
  const ended = view.slots.filter((slot) => slot.state === 'passed' || slot.state === 'failed');
  return {
    schemaVersion: programEventSchemaVersion,
    type: 'summary',
    passed: view.counters.passed,
    failed: view.counters.failed,
    boards: ended.map((slot) => ({
      id: slot.boardId ?? '',
      slot: tags.get(slot.boardId ?? '')?.slot ?? slot.port,
      serial: slot.serial,
      ok: slot.state === 'passed',
      code: slot.code === 'STATION_LOG_FAILED' ? 'INTERNAL_ERROR' : slot.code,
      elapsedMs: slot.elapsedMs ?? 0,
    })),
    elapsedMs,
  };
}

/**
 * `factory <recipe>`: a headless station. Without `--once` it watches: every board that appears in a slot in USB
 * boot is programmed (never twice until removed) until Ctrl+C, which cancels the runs (each recorded) and exits
 * 130. With `--once` it programs the boards present now and exits 0 when all passed, 1 otherwise (3: none).
 */
export async function runFactory(recipe: string, options: FactoryOptions, io: CliIo): Promise<ExitCode> {
  const out = new CliOutput(io);
  let boards: CommandBoards | null = null;
  let station: OpenedStation | null = null;
  const tags = new Map<string, BoardTag>();
  const started = performance.now();
  const consoles = new ConsoleService();
  try {
    boards = await openCommandBoards(options);
    // The virtual boards' UARTs, as `program` reads them: their lines extend deadlines and fill diagnoses.
    for (const board of boards.simulation?.boards ?? [])
      consoles.attachStream(`virtual-${board.number}`, board.uart);
    const text = options.json === true ? null : new StationTextView(io);
    station = await openStation(recipe, boards.source, {
      cwd: io.cwd,
      auto: options.once !== true,
      signal: io.interrupt,
      consoles,
      onEvent: (board, event) => {
        tags.set(board.id, board);
        if (options.json === true) io.stdout.write(`${jsonForTerminal({ ...event, board })}\n`);
      },
    });
    const { runner } = station;
    if (text !== null) {
      out.info(`Station ${station.recipe.name} (recipe ${station.recipeId}); log: ${station.logFiles.csv}`);
      runner.onChange(() => text.update(runner.view()));
    }
    runner.start();
    if (options.once === true) {
      await boards.source.tracker.settled();
      if (runner.view().slots.every((slot) => slot.state === 'waiting')) {
        out.error('Error: no STM32MP board in USB boot (0483:df11) is in any slot.');
        return exitCodes.noBoard;
      }
      await runner.programAll();
    } else {
      await untilInterrupted(io);
      await runner.stop();
    }
    const view = runner.view();
    const summary = summaryOf(view, tags, performance.now() - started);
    if (text === null) io.stdout.write(`${jsonForTerminal(summary)}\n`);
    else text.finish(view);
    if (io.interrupt.aborted) return exitCodes.interrupted;
    return summary.failed === 0 ? exitCodes.success : exitCodes.failed;
  } catch (error) {
    out.error(
      error instanceof StationRefused
        ? `Error: the recipe cannot run:\n${error.message}`
        : `Error: ${error instanceof Error ? error.message : String(error)}`,
    );
    return exitCodes.cannotStart;
  } finally {
    await station?.close();
    await consoles.closeAll();
    await boards?.close();
  }
}
