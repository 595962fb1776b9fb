import type { BoardTag, ProgramSummary, ResultEvent } from '../../../shared/program-events';
import { programEventSchemaVersion } from '../../../shared/program-events';
import type { TrackedBoard } from '../../engine/boards/board-tracker';
import { CliOutput } from '../cli-io';
import { exitCodes, type ExitCode } from '../exit-codes';
import { ProgramJsonView } from '../views/program-json-view';
import { linePrefixedIo } from '../views/line-prefixed-io';
import { ProgramTextView } from '../views/program-text-view';
import { jsonForTerminal } from '../views/terminal-safe';
import { waitForBoards } from './device-choice';
import type { BoardRunContext } from './board-run';
import { runOnBoard } from './board-run';

const tagOf = (board: TrackedBoard): BoardTag => ({ id: board.id, slot: board.slot, serial: board.serial });

/**
 * `program <layout> --all`: every board in USB boot at once, one session each on the one checked plan (the
 * images' identities shared, each run streaming its own reads). Each board's lines carry its id, slot and serial;
 * a `summary` ends the output. Exit 0 when all passed, 1 when any failed, 130 when interrupted, 3 with no board.
 */
export async function runOnAllBoards(context: BoardRunContext): Promise<ExitCode> {
  const { io, options } = context;
  const out = new CliOutput(io);
  // Every board in USB boot now; with `--wait-for-device`, once at least one is there.
  const boards =
    (await waitForBoards(
      context.boards.source.tracker,
      {
        ...(options.waitForDevice === undefined ? {} : { waitSeconds: options.waitForDevice }),
        signal: io.interrupt,
      },
      (present) => present.length > 0,
    )) ?? [];
  if (boards.length === 0) {
    out.error(
      io.interrupt.aborted
        ? 'Interrupted while waiting for boards; nothing was sent.'
        : 'Error: no STM32MP board in USB boot (0483:df11) was found.',
    );
    return io.interrupt.aborted ? exitCodes.interrupted : exitCodes.noBoard;
  }
  if (options.json !== true)
    out.info(`Programming ${boards.length} board(s): ${boards.map((board) => board.slot).join(', ')}`);
  const started = performance.now();
  const results = await Promise.all(
    boards.map(async (board): Promise<[TrackedBoard, ResultEvent]> => {
      const tag = tagOf(board);
      const view =
        options.json === true
          ? new ProgramJsonView(io, tag)
          : new ProgramTextView(
              linePrefixedIo(io, `[${board.slot}${board.serial ? ` ${board.serial}` : ''}] `),
              {
                verbose: options.verbose === true,
                quiet: options.quiet === true,
              },
            );
      const result = await runOnBoard({ ...context, view, board });
      view.summary(result);
      return [board, result];
    }),
  );
  const summary: ProgramSummary = {
    schemaVersion: programEventSchemaVersion,
    type: 'summary',
    passed: results.filter(([, result]) => result.ok).length,
    failed: results.filter(([, result]) => !result.ok).length,
    boards: results.map(([board, result]) => ({
      ...tagOf(board),
      ok: result.ok,
      code: result.code,
      elapsedMs: result.elapsedMs,
    })),
    elapsedMs: performance.now() - started,
  };
  if (options.json === true) io.stdout.write(`${jsonForTerminal(summary)}\n`);
  else
    for (const board of summary.boards)
      out.result(
        `${board.slot}  ${board.serial ?? '(no serial)'}  ${board.ok ? 'PASS' : `FAIL ${board.code ?? ''}`}`,
      );
  if (options.json !== true) out.result(`${summary.passed} passed, ${summary.failed} failed.`);
  if (io.interrupt.aborted) return exitCodes.interrupted;
  return summary.failed === 0 ? exitCodes.success : exitCodes.failed;
}
