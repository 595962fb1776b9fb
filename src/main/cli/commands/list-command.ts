import { Command } from 'commander';
import type { Stage } from '../../../shared/board';
import { summarizeBoard } from '../../engine/boards/board-summary';
import type { TrackedBoard } from '../../engine/boards/board-tracker';
import { openCommandBoards, type CommandBoards } from '../../compose/command-board-source';
import { simulatedBoardOfKey } from '../../compose/simulation-board-source';
import type { SimOptions } from '../../compose/sim/sim-options';
import { registerSimOptions } from '../../compose/sim/sim-options';
import type { Simulation } from '../../compose/sim/start-simulation';
import type { CliIo } from '../cli-io';
import { CliOutput } from '../cli-io';
import { exitCodes } from '../exit-codes';
import type { ExitCode } from '../exit-codes';
import { presentBoards } from '../program/device-choice';
import { escapeControls } from '../views/terminal-safe';

interface ListOptions extends SimOptions {
  readonly json?: boolean;
  readonly verbose?: boolean;
  readonly quiet?: boolean;
}

/** One listed board, as `list --json` prints it. */
interface ListedBoard {
  /** CubeProgrammer-style index (`usb1`, `usb2`, … in slot order): what `--device` and `-c port=` take. */
  readonly index: string;
  /** The board's id in this process (`usb-1`, `virtual-1`), as the app names it. */
  readonly id: string;
  readonly port: string;
  /** Read from the product string (a virtual board tells its own); null for U-Boot, whose two stages look alike. */
  readonly stage: Stage | null;
  readonly soc: string | null;
  readonly serial: string | null;
  /** `unknown` where the OS does not report it (Windows and macOS). */
  readonly speed: string;
  readonly product: string | null;
  readonly virtual: boolean;
}

function describeBoard(board: TrackedBoard, index: number, simulation: Simulation | null): ListedBoard {
  const summary = summarizeBoard(board);
  const simulated =
    simulation === null || board.entry === null
      ? undefined
      : simulatedBoardOfKey(simulation, board.entry.key);
  return {
    index: `usb${index + 1}`,
    id: board.id,
    port: board.slot,
    stage: simulated?.board.stage ?? summary.stage,
    soc: summary.soc,
    serial: summary.serial,
    speed: summary.speed,
    product: summary.product,
    virtual: summary.virtual,
  };
}

async function list(options: ListOptions, io: CliIo): Promise<ExitCode> {
  const out = new CliOutput(io);
  let boards: CommandBoards;
  try {
    boards = await openCommandBoards(options);
  } catch (error) {
    out.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
    return exitCodes.cannotStart;
  }
  try {
    // As `program` sees them, so that `usbN` names the same board: with --sim, the virtual boards only.
    const listed = presentBoards(boards.source.tracker).map((board, index) =>
      describeBoard(board, index, boards.simulation),
    );
    if (options.json === true) {
      out.json({ schemaVersion: 1, devices: listed });
      return exitCodes.success;
    }
    if (listed.length === 0) {
      out.result('No STM32MP board in USB boot (0483:df11) was found.');
      return exitCodes.success;
    }
    const header = ['Index', 'Port', 'Stage', 'SoC', 'Speed', 'Serial', 'Product'];
    const rows = listed.map((board) => [
      board.index,
      board.port,
      board.stage ?? (board.product?.startsWith('USB download gadget') === true ? 'uboot' : '?'),
      board.soc ?? '?',
      board.speed,
      board.serial ?? '(none)',
      `${board.product ?? ''}${board.virtual ? ' (virtual)' : ''}`,
    ]);
    const table = [header, ...rows.map((row) => row.map(escapeControls))];
    const widths = header.map((_, column) => Math.max(...table.map((row) => (row[column] ?? '').length)));
    for (const row of table)
      out.result(
        row
          .map((cell, column) => cell.padEnd(widths[column] ?? 0))
          .join('  ')
          .trimEnd(),
      );
    return exitCodes.success;
  } finally {
    await boards.close();
  }
}

/** `stm32mp-flasher list [--json] [--sim ...]` (issue 15 point 7). */
export function registerListCommand(program: Command, io: CliIo, setExit: (code: ExitCode) => void): void {
  // `addCommand` copies nothing from the parent: take its exit override and output, as `.command()` would.
  const command = new Command('list')
    .copyInheritedSettings(program)
    .description('list STM32MP boards in USB boot, with their stage, SoC, serial, speed, port and usbN index')
    .option('--json', 'print one JSON document')
    .option('--verbose', 'accepted for the CubeProgrammer form')
    .option('--quiet', 'accepted for the CubeProgrammer form')
    .showHelpAfterError(false)
    .action(async (options: ListOptions) => {
      setExit(await list(options, io));
    });
  registerSimOptions(command);
  program.addCommand(command);
}
