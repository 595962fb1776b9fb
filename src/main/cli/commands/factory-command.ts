import { Command, InvalidArgumentError } from 'commander';
import { registerSimOptions } from '../../compose/sim/sim-options';
import type { CliIo } from '../cli-io';
import type { ExitCode } from '../exit-codes';
import { runFactory, type FactoryOptions } from '../factory/factory-run';
import { runFactoryTeach, type TeachOptions } from '../factory/factory-teach';

const parseSlotCount = (value: string): number => {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 64)
    throw new InvalidArgumentError('a number of slots from 1 to 64 is needed.');
  return Number(value);
};

/** `factory <recipe>` (a headless station) and `factory teach <recipe>` (name the station's ports). */
export function registerFactoryCommand(program: Command, io: CliIo, setExit: (code: ExitCode) => void): void {
  const factory = new Command('factory')
    .copyInheritedSettings(program)
    .description('run a headless factory station from a recipe: program every board that appears in a slot')
    .argument('<recipe>', 'the station recipe (YAML or JSON; `recipe init` makes one)')
    .option('--once', 'program the boards present now, once, and exit (0: all passed, 1: any failed)')
    .option('--json', 'print JSON lines: every event with its board (id, slot, serial), a summary last')
    .showHelpAfterError(false)
    .action(async (recipe: string, options: FactoryOptions) => {
      setExit(await runFactory(recipe, options, io));
    });
  registerSimOptions(factory);
  const teach = new Command('teach')
    .copyInheritedSettings(program)
    .description('name the station’s ports: plug a board into each port in turn; writes the recipe’s slots')
    .argument('<recipe>', 'the station recipe to write the slots into')
    .option('--slots <n>', 'how many ports to teach (default: until Ctrl+C)', parseSlotCount)
    // `factory` declares the --sim options too and parses them first: read both commands' options.
    .action(async (recipe: string, _options: TeachOptions, command: Command) => {
      setExit(await runFactoryTeach(recipe, command.optsWithGlobals<TeachOptions>(), io));
    });
  registerSimOptions(teach);
  factory.addCommand(teach);
  program.addCommand(factory);
}
