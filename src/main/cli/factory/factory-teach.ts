import type { RecipeSlot } from '../../../shared/recipe';
import { openCommandBoards, type CommandBoards } from '../../compose/command-board-source';
import type { SimOptions } from '../../compose/sim/sim-options';
import { recordSlots } from '../../engine/recipe/record-slots';
import type { CliIo } from '../cli-io';
import { CliOutput } from '../cli-io';
import { exitCodes, type ExitCode } from '../exit-codes';

export interface TeachOptions extends SimOptions {
  /** How many slots to teach (default: until Ctrl+C). */
  readonly slots?: number;
}

/**
 * `factory teach <recipe>`: plug a board into each port of the station in turn; each new port becomes the next
 * slot ("Slot 1", "Slot 2", …) and the recipe's slots list is rewritten (comments kept). Boards present at the
 * start are taught first, in port order. Ends after `--slots N` ports, or at Ctrl+C with what was taught.
 */
export async function runFactoryTeach(recipe: string, options: TeachOptions, io: CliIo): Promise<ExitCode> {
  const out = new CliOutput(io);
  let boards: CommandBoards | null = null;
  const taught: RecipeSlot[] = [];
  try {
    boards = await openCommandBoards(options);
    const { tracker } = boards.source;
    out.info(
      `Plug a board (in USB boot) into each port of the station, one after the other${options.slots === undefined ? '; Ctrl+C when done' : ''}.`,
    );
    for (;;) {
      await tracker.settled();
      for (const board of tracker.boards())
        if (board.entry !== null && !taught.some((slot) => slot.port === board.slot)) {
          taught.push({ name: `Slot ${taught.length + 1}`, port: board.slot });
          out.info(
            `${taught.at(-1)?.name ?? ''}: port ${board.slot}${board.serial === null ? '' : ` (board ${board.serial})`}`,
          );
        }
      if ((options.slots !== undefined && taught.length >= options.slots) || io.interrupt.aborted) break;
      await tracker.nextChange(1000, io.interrupt).catch(() => undefined);
    }
    const slots = options.slots === undefined ? taught : taught.slice(0, options.slots);
    if (slots.length === 0) {
      out.error('No port was taught: no board appeared; the recipe is unchanged.');
      return io.interrupt.aborted ? exitCodes.interrupted : exitCodes.failed;
    }
    const written = await recordSlots(recipe, slots);
    if (!written.ok) {
      for (const issue of written.issues)
        out.error(`${issue.file}:${issue.line}:${issue.column}: ${issue.code} ${issue.message}`);
      return exitCodes.failed;
    }
    out.result(`Taught ${slots.length} slot(s) into ${recipe}.`);
    return exitCodes.success;
  } finally {
    await boards?.close();
  }
}
