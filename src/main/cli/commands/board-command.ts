import { InvalidArgumentError, type Command } from 'commander';
import { registerSimOptions, type SimOptions } from '../../compose/sim/sim-options';
import { startUsbredirBoard } from '../../compose/usbredir-board';
import { isLoopbackAddress } from '../../shell/listen-address';
import type { CliIo } from '../cli-io';
import { CliOutput, untilInterrupted } from '../cli-io';
import { exitCodes, type ExitCode } from '../exit-codes';
import { parseHostPort } from '../option-parsers';

interface BoardOptions extends SimOptions {
  readonly usbredir: { readonly host: string; readonly port: number };
  readonly allowRemote?: boolean;
  readonly usbredirTrace?: string;
}

const parseBoardNumber = (value: string): number => {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 16)
    throw new InvalidArgumentError('a board number from 1 to 16 is needed, e.g. --board-number 2.');
  return Number(value);
};

/** Why a usbredir address other than loopback needs `--allow-remote`. */
function remoteRefusal(host: string): string {
  return (
    `--usbredir ${host} is not a loopback address: usbredir is plain, unauthenticated TCP, and whoever connects ` +
    'drives the virtual board (reads and writes its memories). Pass --allow-remote to listen on it anyway.'
  );
}

async function runBoard(options: BoardOptions, io: CliIo): Promise<ExitCode> {
  const out = new CliOutput(io);
  const { host, port } = options.usbredir;
  const remote = !isLoopbackAddress(host);
  if (remote && options.allowRemote !== true) {
    out.error(`Error: ${remoteRefusal(host)}`);
    return exitCodes.cannotStart;
  }
  let board;
  try {
    board = await startUsbredirBoard(
      options,
      { host, port },
      (line) => out.info(line),
      options.usbredirTrace,
    );
  } catch (error) {
    out.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
    return exitCodes.cannotStart;
  }
  for (const message of board.messages) out.info(message);
  const shown = board.host.includes(':') ? `[${board.host}]` : board.host;
  out.result(`Listening for usbredir on ${shown}:${board.port}`);
  if (remote)
    out.info(`Warning: listening on ${host}, reachable from other machines, without authentication.`);
  out.info('Press Ctrl+C to stop.');
  await untilInterrupted(io);
  await board.close();
  out.info('Stopped.');
  return exitCodes.interrupted;
}

export function registerBoardCommand(program: Command, io: CliIo, setExit: (code: ExitCode) => void): void {
  const command = program
    .command('board')
    .description(
      'run one virtual board as its own process, served over usbredir (QEMU: -chardev socket,host=...,port=... -device usb-redir)',
    )
    .requiredOption(
      '--usbredir <host:port>',
      'address to listen on for one usbredir connection (loopback only unless --allow-remote); port 0 picks a free one',
      parseHostPort,
    )
    .option('--allow-remote', 'allow a --usbredir address other than loopback (unauthenticated TCP)')
    .option(
      '--usbredir-trace <file>',
      'write one line per control request and reply (ms, bmRequestType, bRequest, wValue, length, status), for timing',
    )
    .option(
      '--board-number <n>',
      'which board of a bench this process is, 1 to 16 (its serial differs per number, as with --sim N)',
      parseBoardNumber,
    )
    .showHelpAfterError(false);
  registerSimOptions(command, { oneBoard: true }).action(async (options: BoardOptions) => {
    setExit(await runBoard(options, io));
  });
}
