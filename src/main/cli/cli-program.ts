import { Command, CommanderError } from 'commander';
import { appIdentity } from '../app-identity';
import { normalizeSimArgs } from '../compose/sim/sim-options';
import type { CliIo } from './cli-io';
import { registerBoardCommand } from './commands/board-command';
import { registerCheckCommand } from './commands/check-command';
import { registerDoctorCommand } from './commands/doctor-command';
import { registerListCommand } from './commands/list-command';
import { registerProgramCommand } from './commands/program-command';
import { registerRecipeCommand } from './commands/recipe-command';
import { registerFactoryCommand } from './commands/factory-command';
import { registerImageCommand } from './commands/image-command';
import { registerServeCommand } from './commands/serve-command';
import { registerVerifyCommand } from './commands/verify-command';
import { isCubeProgrammerForm, rewriteCubeProgrammerForm } from './cubeprogrammer-form';
import { exitCodes, type ExitCode } from './exit-codes';
import { escapeControls } from './views/terminal-safe';

function buildProgram(io: CliIo, setExit: (code: ExitCode) => void): Command {
  const program = new Command('stm32mp-flasher')
    .description(`${appIdentity.name}: program STM32MP1/MP13/MP2 boards over USB from a FlashLayout .tsv`)
    .version(appIdentity.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option(
      '--no-color',
      'no colour and no redrawn lines (as NO_COLOR=1; also off when output is not a terminal)',
    )
    .exitOverride()
    .showHelpAfterError('(run stm32mp-flasher --help for usage)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      // Commander's messages quote the arguments as given: their control characters are shown escaped.
      writeErr: (text) => io.stderr.write(escapeControls(text)),
    });
  registerServeCommand(program, io, setExit);
  registerCheckCommand(program, io, setExit);
  registerProgramCommand(program, io, setExit);
  registerVerifyCommand(program, io, setExit);
  registerListCommand(program, io, setExit);
  registerBoardCommand(program, io, setExit);
  registerRecipeCommand(program, io, setExit);
  registerFactoryCommand(program, io, setExit);
  registerImageCommand(program, io, setExit);
  registerDoctorCommand(program, io, setExit);
  return program;
}

/** Runs one command line and answers its exit status (see exit-codes.ts); never throws. */
export async function runCli(argv: readonly string[], given: CliIo): Promise<ExitCode> {
  // `--no-color` anywhere on the line: output as with NO_COLOR (plain lines, no escape sequence).
  const noColor = argv.includes('--no-color');
  const io = noColor ? { ...given, env: { ...given.env, NO_COLOR: '1' } } : given;
  // A bare `--sim` must not swallow the next word (`program --sim layout.tsv`).
  let args = normalizeSimArgs(argv.filter((arg) => arg !== '--no-color'));
  if (isCubeProgrammerForm(args)) {
    const rewrite = rewriteCubeProgrammerForm(args);
    if (!rewrite.ok) {
      io.stderr.write(`Error: ${escapeControls(rewrite.error)}\n`);
      return exitCodes.cannotStart;
    }
    args = rewrite.args;
  }
  let exit: ExitCode = exitCodes.success;
  const program = buildProgram(io, (code) => {
    exit = code;
  });
  if (args.length === 0) {
    io.stderr.write(program.helpInformation());
    return exitCodes.cannotStart;
  }
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError)
      return error.exitCode === 0 ? exitCodes.success : exitCodes.cannotStart;
    io.stderr.write(`Error: ${escapeControls(error instanceof Error ? error.message : String(error))}\n`);
    return exitCodes.failed;
  }
  return exit;
}
