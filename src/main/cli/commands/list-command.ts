import { Command } from 'commander';
import type { Stage } from '../../../shared/board';
import { socOfProduct, isUbootProduct } from '../../engine/session/board-reading';
import { formatPortPath } from '../../usb/device-identity';
import type { UsbDeviceEntry } from '../../usb/usb-backend';
import { LibusbBackend } from '../../usb/libusb/libusb-backend';
import type { SimOptions } from '../../virtual-board/sim/sim-options';
import { registerSimOptions } from '../../virtual-board/sim/sim-options';
import { startSimulation } from '../../virtual-board/sim/start-simulation';
import type { Simulation } from '../../virtual-board/sim/start-simulation';
import type { CliIo } from '../cli-io';
import { CliOutput } from '../cli-io';
import { exitCodes } from '../exit-codes';
import type { ExitCode } from '../exit-codes';
import { listBoards } from '../program/device-choice';
import { simulatedBoardOf } from '../program/board-console-setup';

interface ListOptions extends SimOptions {
  readonly json?: boolean;
  readonly verbose?: boolean;
  readonly quiet?: boolean;
}

/** One listed board, as `list --json` prints it. */
interface ListedBoard {
  /** CubeProgrammer-style index (`usb1`, `usb2`, … in list order): what `--device` and `-c port=` take. */
  readonly index: string;
  readonly port: string;
  /** Read from the product string (a virtual board tells its own); null for U-Boot, whose two stages look alike. */
  readonly stage: Stage | null;
  readonly soc: string | null;
  readonly serial: string | null;
  readonly speed: string;
  readonly product: string | null;
  readonly virtual: boolean;
}

function stageOfProduct(product: string | null): Stage | null {
  if (isUbootProduct(product)) return null;
  if ((product ?? '').startsWith('DFU in ')) return 'rom';
  if ((product ?? '').startsWith('DFU @')) return 'tfa';
  return null;
}

function describeBoard(entry: UsbDeviceEntry, index: number, simulation: Simulation | null): ListedBoard {
  const { identity } = entry;
  const simulated = simulation === null ? undefined : simulatedBoardOf(simulation, entry);
  return {
    index: `usb${index + 1}`,
    port: formatPortPath(identity),
    stage: simulated?.board.stage ?? stageOfProduct(identity.product),
    soc: socOfProduct(identity.product),
    serial: identity.serial,
    speed: identity.speed,
    product: identity.product,
    virtual: identity.virtual,
  };
}

async function list(options: ListOptions, io: CliIo): Promise<ExitCode> {
  const out = new CliOutput(io);
  let simulation: Simulation | null;
  try {
    simulation = await startSimulation(options);
  } catch (error) {
    out.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
    return exitCodes.cannotStart;
  }
  try {
    // As `program` sees them, so that `usbN` names the same board: with --sim, the virtual boards only.
    const entries = await listBoards(simulation?.backend ?? new LibusbBackend());
    const boards = entries.map((entry, index) => describeBoard(entry, index, simulation));
    if (options.json === true) {
      out.result(JSON.stringify({ schemaVersion: 1, devices: boards }));
      return exitCodes.success;
    }
    if (boards.length === 0) {
      out.result('No STM32MP board in USB boot (0483:df11) was found.');
      return exitCodes.success;
    }
    const header = ['Index', 'Port', 'Stage', 'SoC', 'Speed', 'Serial', 'Product'];
    const rows = boards.map((board) => [
      board.index,
      board.port,
      board.stage ?? (board.product?.startsWith('USB download gadget') === true ? 'uboot' : '?'),
      board.soc ?? '?',
      board.speed,
      board.serial ?? '(none)',
      `${board.product ?? ''}${board.virtual ? ' (virtual)' : ''}`,
    ]);
    const table = [header, ...rows];
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
    await simulation?.close();
  }
}

/** `stm32mp-flasher list [--json] [--sim ...]` (issue 15 point 7). */
export function registerListCommand(program: Command, io: CliIo, setExit: (code: ExitCode) => void): void {
  const command = new Command('list')
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
