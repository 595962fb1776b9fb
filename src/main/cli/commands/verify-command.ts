import { Command } from 'commander';
import { leaveTimeout, requestTimeout, writeTimeout } from '../../../shared/deadlines';
import { registerSimOptions } from '../../compose/sim/sim-options';
import type { CliIo } from '../cli-io';
import type { ExitCode } from '../exit-codes';
import { addRunOptions, type ProgramOptions } from '../program/program-options';
import { runProgram } from '../program/program-run';

/**
 * `stm32mp-flasher verify <layout.tsv>` (issue 25 item 1): reads a programmed board and compares every partition
 * with its image; never erases or writes. The board gets the layout with every line `-` (not selected): U-Boot's
 * stm32prog.c then writes no GPT (`create_gpt_partitions` only on a full update, `treat_partition_list`), deletes
 * nothing (`part_delete` only on selected `D` lines) and goes straight to END, where every partition's alternate
 * can still be read (`dfu_init_entities`).
 */
export function registerVerifyCommand(program: Command, io: CliIo, setExit: (code: ExitCode) => void): void {
  const command = new Command('verify')
    .copyInheritedSettings(program)
    .description('read a programmed board back and compare every partition with its image (writes nothing)')
    .argument('<layout.tsv>', 'the FlashLayout file the board was programmed with')
    .option('--device <serial|port|usbN>', 'the board to read (needed when several are present)');
  addRunOptions(command)
    .showHelpAfterError(false)
    .action(async (file: string, options: ProgramOptions) => {
      const deadlines = {
        leaveTimeout: leaveTimeout.defaultMs,
        requestTimeout: requestTimeout.defaultMs,
        writeTimeout: writeTimeout.defaultMs,
      };
      setExit(await runProgram(file, { ...deadlines, ...options, verifyOnly: true }, io));
    });
  registerSimOptions(command);
  program.addCommand(command);
}
