import { type Command, InvalidArgumentError } from 'commander';
import { reconnectTimeout } from '../../../shared/deadlines';
import type { FastMode } from '../../../shared/fast-path';
import type { SimOptions } from '../../compose/sim/sim-options';
import { parseReconnectTimeout } from '../option-parsers';

/** `program`'s options, parsed (commander's camel-cased keys), with the `--sim` family. */
export interface ProgramOptions extends SimOptions {
  readonly device?: string;
  /** `--all`: every board in USB boot at once. */
  readonly all?: boolean;
  readonly only?: string;
  readonly skip?: string;
  /** `--report <file.json>`: the run's record, written at its end (failed or not). */
  readonly report?: string;
  /** `--resume <report.json>`: program only what the reported run did not finish. */
  readonly resume?: string;
  readonly binariesDir?: string;
  readonly waitForDevice?: number;
  readonly reconnectTimeout: number;
  readonly leaveTimeout: number;
  readonly requestTimeout: number;
  /** The write deadline (`--write-timeout`, ms). */
  readonly writeTimeout: number;
  readonly timeout?: number;
  /** `--verify`: read each partition back after it is written and compare it with its image. */
  readonly verify?: boolean;
  /** `--fast`: the fast path (fastboot); absent (the `verify` command) is DFU. */
  readonly fast?: FastMode;
  /** `--fast-device mmcN`: the MMC device the FIP's U-Boot flashes. */
  readonly fastDevice?: string;
  /** The `verify` command: write nothing, read every partition back and compare it with its image. */
  readonly verifyOnly?: boolean;
  readonly console: string;
  readonly log?: string;
  readonly json?: boolean;
  readonly verbose?: boolean;
  readonly quiet?: boolean;
  readonly cubeprogrammerOutput?: boolean;
}

export function parseMilliseconds(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) <= 0)
    throw new InvalidArgumentError('a positive number of milliseconds is needed, e.g. 30000.');
  return Number(value);
}

export function parseSeconds(value: string): number {
  if (!/^\d+(\.\d+)?$/.test(value) || Number(value) < 0)
    throw new InvalidArgumentError('a number of seconds is needed, e.g. 30.');
  return Number(value);
}

/**
 * The options every run on a board takes, `program` and `verify` alike: where the binaries are, how long to wait
 * for the board and for the run, the console, the trace and the output's form. Declared once, here.
 */
export function addRunOptions(command: Command): Command {
  return command
    .option('--binaries-dir <dir>', 'the folder binary paths are relative to')
    .option('--wait-for-device <s>', 'wait this long for a board to appear (none: exit 3)', parseSeconds)
    .option(
      '--reconnect-timeout <ms>',
      `how long a board may take to come back after a stage change (${reconnectTimeout.minMs} to ${reconnectTimeout.maxMs})`,
      parseReconnectTimeout,
      reconnectTimeout.defaultMs,
    )
    .option('--timeout <s>', 'the whole run', parseSeconds)
    .option(
      '--console <path|auto|none>',
      'the board console: a serial port, auto (ST-Link VCP or the virtual board), none',
      'auto',
    )
    .option('--log <file>', 'write a per-request trace and the console to this file (also on failure)')
    .option('--json', 'print JSON lines: one event per line, the result last')
    .option('--verbose', 'also print the console lines and debug messages')
    .option('--quiet', 'print only warnings and the summary');
}
