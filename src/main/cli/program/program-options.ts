import { InvalidArgumentError } from 'commander';
import type { FastMode } from '../../../shared/fast-path';
import type { SimOptions } from '../../compose/sim/sim-options';

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
