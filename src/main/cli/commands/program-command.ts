import { Command, Option } from 'commander';
import { leaveTimeout, requestTimeout, writeTimeout } from '../../../shared/deadlines';
import { registerSimOptions } from '../../compose/sim/sim-options';
import type { CliIo } from '../cli-io';
import type { ExitCode } from '../exit-codes';
import { fastModes } from '../../../shared/fast-path';
import { parseFastDevice } from '../option-parsers';
import { addRunOptions, parseMilliseconds, type ProgramOptions } from '../program/program-options';
import { runProgram } from '../program/program-run';

/** `stm32mp-flasher program <layout.tsv> [options] [--sim ...]` (issue 15 point 7). */
export function registerProgramCommand(program: Command, io: CliIo, setExit: (code: ExitCode) => void): void {
  // `addCommand` copies nothing from the parent: take its exit override and output, as `.command()` would.
  const command = new Command('program')
    .copyInheritedSettings(program)
    .description(
      'program a board from a FlashLayout .tsv over USB DFU, following it across its re-enumerations',
    )
    .argument('[layout.tsv]', "the FlashLayout file (with --resume: the report's, unless given)")
    .addOption(
      new Option(
        '--device <serial|port|usbN>',
        'the board to program (needed when several are present)',
      ).conflicts('all'),
    )
    .option('--all', 'program every board in USB boot at once (a station); a summary ends the output')
    .option('--only <ids>', 'program only these partitions, e.g. 0x21,0x22 (the daily loop: bootfs alone)')
    .option('--skip <ids>', 'program every partition but these')
    .addOption(
      new Option(
        '--report <file.json>',
        "write the run's report (hashes, board, finished partitions) at its end",
      ).conflicts('all'),
    )
    .addOption(
      new Option(
        '--resume <report.json>',
        'program only the partitions the reported run did not finish (layout and images held to its hashes)',
      ).conflicts(['all', 'only', 'skip']),
    )
    .option(
      '--leave-timeout <ms>',
      'how long a board may take to leave the bus after DETACH',
      parseMilliseconds,
      leaveTimeout.defaultMs,
    )
    .option('--request-timeout <ms>', 'one USB control request', parseMilliseconds, requestTimeout.defaultMs)
    .option(
      '--write-timeout <ms>',
      'a request during which the board writes to its memory (a block, the status after it)',
      parseMilliseconds,
      writeTimeout.defaultMs,
    )
    .option('--verify', 'read each partition back after it is written and compare it with its image')
    .addOption(
      new Option(
        '--fast <mode>',
        'the fast path: the partitions over fastboot after TF-A and the FIP (auto: where possible, else DFU and why; on: refuse where not; off: DFU)',
      )
        .choices(fastModes)
        .default('auto'),
    )
    .option(
      '--fast-device <mmcN>',
      "the MMC device the FIP's U-Boot flashes over fastboot, over what its name and the SoC say (a wrong value formats the other memory)",
      parseFastDevice,
    );
  addRunOptions(command)
    .addOption(new Option('--cubeprogrammer-output', "end with STM32CubeProgrammer's last line").hideHelp())
    .showHelpAfterError(false)
    .action(async (file: string | undefined, options: ProgramOptions) => {
      setExit(await runProgram(file, options, io));
    });
  registerSimOptions(command);
  program.addCommand(command);
}
