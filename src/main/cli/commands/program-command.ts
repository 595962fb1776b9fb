import { Command, Option } from 'commander';
import { leaveTimeout, reconnectTimeout, requestTimeout, writeTimeout } from '../../../shared/deadlines';
import { registerSimOptions } from '../../compose/sim/sim-options';
import type { CliIo } from '../cli-io';
import type { ExitCode } from '../exit-codes';
import { fastModes } from '../../../shared/fast-path';
import { parseFastDevice, parseReconnectTimeout } from '../option-parsers';
import type { ProgramOptions } from '../program/program-options';
import { parseMilliseconds, parseSeconds } from '../program/program-options';
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
    .option('--binaries-dir <dir>', 'the folder binary paths are relative to')
    .option('--wait-for-device <s>', 'wait this long for a board to appear (none: exit 3)', parseSeconds)
    .option(
      '--reconnect-timeout <ms>',
      `how long a board may take to come back after a stage change (${reconnectTimeout.minMs} to ${reconnectTimeout.maxMs})`,
      parseReconnectTimeout,
      reconnectTimeout.defaultMs,
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
    .option('--timeout <s>', 'the whole run', parseSeconds)
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
    )
    .option(
      '--console <path|auto|none>',
      'the board console: a serial port, auto (ST-Link VCP or the virtual board), none',
      'auto',
    )
    .option('--log <file>', 'write a per-request trace and the console to this file (also on failure)')
    .option('--json', 'print JSON lines: one event per line, the result last')
    .option('--verbose', 'also print the console lines and debug messages')
    .option('--quiet', 'print only warnings and the summary')
    .addOption(new Option('--cubeprogrammer-output', "end with STM32CubeProgrammer's last line").hideHelp())
    .showHelpAfterError(false)
    .action(async (file: string | undefined, options: ProgramOptions) => {
      setExit(await runProgram(file, options, io));
    });
  registerSimOptions(command);
  program.addCommand(command);
}
