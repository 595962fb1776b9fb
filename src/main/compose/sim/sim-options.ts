import { InvalidArgumentError, Option } from 'commander';
import type { Command } from 'commander';
import type { Soc } from '../../../shared/board';
import { socs } from '../../../shared/board';
import type { BoardFaults } from '../../virtual-board/board/board-faults';
import type { SimPlatform } from '../../virtual-board/bus/sim-platform';
import { addFault, faultNames, noFaults } from '../../virtual-board/board/board-faults';
import { maxFillPatternBytes, parseFillPattern } from '../../virtual-board/storage/medium-fill';
import type { SpeedMode } from '../../virtual-board/timing/speed-mode';
import { parseSpeedMode } from '../../virtual-board/timing/speed-mode';

export type { SimPlatform } from '../../virtual-board/bus/sim-platform';

/** `--sim-firmware`: `auto` picks by the layout's SSBL (`.stm32` → 2019, FIP → current), else current. */
export type SimFirmwareChoice = 'auto' | '2019' | 'current';

/** The `--sim` option family, parsed (commander's camel-cased keys). */
export interface SimOptions {
  /** Number of boards; undefined without `--sim`. */
  readonly sim?: number;
  readonly simSoc: Soc;
  readonly simStorage?: string;
  /** One entry per `--sim-fault`, each `[<board>:]<f>[,...]`. */
  readonly simFault: readonly string[];
  readonly simSpeed: SpeedMode;
  readonly simFirmware: SimFirmwareChoice;
  readonly simMediumSize: ReadonlyMap<string, number>;
  /** `--sim-fill <hex>`: each memory holds this repeated pattern before the run writes it (a test aid). */
  readonly simFill?: Uint8Array;
  readonly simUart?: 'pty';
  /** `--sim-platform`: whose USB listing the virtual bus imitates (default: the host's). */
  readonly simPlatform?: SimPlatform;
  /** `board --board-number`: which board of a bench this one process is (its serial), default 1. */
  readonly boardNumber?: number;
  /** `--sim-present N`: only the first N boards are plugged in at start; "Add a virtual board" plugs the next. */
  readonly simPresent?: number;
}

const parseBoardCount = (value: string): number => {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 16)
    throw new InvalidArgumentError('a number of boards from 1 to 16 is needed, e.g. --sim=2.');
  return Number(value);
};

const parseSoc = (value: string): Soc => {
  const soc = socs.find((candidate) => candidate === value);
  if (!soc) throw new InvalidArgumentError(`one of ${socs.join(', ')} is needed.`);
  return soc;
};

const parseSpeed = (value: string): SpeedMode => {
  const mode = parseSpeedMode(value);
  if (!mode)
    throw new InvalidArgumentError('realistic, fast, or xN (N times faster than realistic) is needed.');
  return mode;
};

const parseFill = (value: string): Uint8Array => {
  const pattern = parseFillPattern(value);
  if (!pattern)
    throw new InvalidArgumentError(
      `1 to ${maxFillPatternBytes} bytes in hex are needed, e.g. --sim-fill a5 or --sim-fill 0xdeadbeef.`,
    );
  return pattern;
};

const units: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

/** `<ip>=<size>`, size in bytes or with K/M/G (binary) and an optional `iB`/`B`. */
export function parseMediumSize(
  value: string,
  previous: ReadonlyMap<string, number> = new Map(),
): Map<string, number> {
  const match = /^([a-z-]+\d(?:-boot[12])?)=(\d+)([KMG]?)(?:i?B)?$/i.exec(value);
  const unit = units[(match?.[3] ?? '').toUpperCase()];
  if (!match?.[1] || !match[2] || unit === undefined)
    throw new InvalidArgumentError('<ip>=<size> is needed, e.g. mmc0=16G or nor0=128M.');
  const size = Number(match[2]) * unit;
  if (size % 512 !== 0 || size === 0)
    throw new InvalidArgumentError('a size that is a non-zero multiple of 512 bytes is needed.');
  return new Map(previous).set(match[1].toLowerCase(), size);
}

/** Checks one `--sim-fault` value at parse time; the list is kept as text. */
function collectFault(value: string, previous: readonly string[]): string[] {
  const problem = faultsForBoards([value], 16).find((entry) => typeof entry === 'string');
  if (typeof problem === 'string') throw new InvalidArgumentError(problem);
  return [...previous, value];
}

/**
 * Each board's faults from the `--sim-fault` values: `[<board>:]<f>[,...]`, board numbers from 1, no prefix for
 * all boards. Answers one set per board, or the first error text.
 */
export function faultsForBoards(values: readonly string[], count: number): (BoardFaults | string)[] {
  const result: (BoardFaults | string)[] = Array.from({ length: count }, () => noFaults);
  for (const value of values) {
    const prefixed = /^(\d+):([a-z].*)$/.exec(value);
    const board = prefixed ? Number(prefixed[1]) : null;
    const list = prefixed?.[2] ?? value;
    if (board !== null && (board < 1 || board > count))
      return [`--sim-fault names board ${board}, but there are ${count}`];
    for (let index = 0; index < count; index++) {
      if (board !== null && board !== index + 1) continue;
      for (const item of list.split(',')) {
        const current = result[index];
        if (typeof current === 'string' || current === undefined) continue;
        result[index] = addFault(current, item.trim());
      }
    }
  }
  return result;
}

/**
 * Registers the `--sim` option family on a command (`list`, `program`, `serve`, …). `oneBoard` (the `board`
 * command, which is one virtual board): no `--sim [boards]` and no `--sim-platform` (the listing is the real
 * kernel's there).
 */
export function registerSimOptions(command: Command, { oneBoard = false } = {}): Command {
  if (!oneBoard)
    command.addOption(
      new Option(
        '--sim [boards]',
        'use N virtual boards on neighbouring ports instead of USB (default 1)',
      ).argParser(parseBoardCount),
    );
  command
    .addOption(
      new Option('--sim-soc <soc>', 'SoC of the virtual boards: mp15, mp13 or mp25')
        .argParser(parseSoc)
        .default('mp15'),
    )
    .addOption(
      new Option(
        '--sim-storage <dir>',
        "folder for the boards' memory images (default: a fresh temporary folder)",
      ),
    )
    .addOption(
      new Option('--sim-fault <faults>', `faults, [<board>:]<f>[,...] (${faultNames.join(', ')})`)
        .argParser(collectFault)
        .default([]),
    )
    .addOption(
      new Option('--sim-speed <speed>', 'realistic, fast, or xN times faster than realistic')
        .argParser(parseSpeed)
        .default({ kind: 'realistic' }, 'realistic'),
    )
    .addOption(
      new Option('--sim-firmware <generation>', 'firmware generation')
        .choices(['auto', '2019', 'current'])
        .default('auto'),
    )
    .addOption(
      new Option('--sim-medium-size <ip=size>', 'size of one memory, e.g. mmc0=16G (repeatable)')
        .argParser((value: string, previous: ReadonlyMap<string, number>) => parseMediumSize(value, previous))
        .default(new Map<string, number>(), 'SD/eMMC 8G, eMMC boot areas 4M, NOR 64M, NAND 512M'),
    )
    .addOption(
      new Option(
        '--sim-fill <hex>',
        'fill each memory with this repeated byte pattern before the run (a test aid; replaces what the memories held)',
      ).argParser(parseFill),
    )
    .addOption(
      new Option('--sim-uart <mode>', "serve each board's UART on a pseudo-terminal").choices(['pty']),
    );
  if (!oneBoard)
    command.addOption(
      new Option(
        '--sim-present <n>',
        'plug in only the first N boards at start (a station with empty slots); "Add a virtual board" plugs the next',
      ).argParser((value: string) => {
        if (!/^\d+$/.test(value) || Number(value) > 16)
          throw new InvalidArgumentError('a number of boards from 0 to 16 is needed.');
        return Number(value);
      }),
    );
  if (!oneBoard)
    command.addOption(
      new Option(
        '--sim-platform <os>',
        'list the virtual boards as npm usb does on this OS before opening them (win32, darwin: no strings, no speed)',
      ).choices(['linux', 'win32', 'darwin']),
    );
  return command;
}

/**
 * `--sim` takes its value from the next word only when that word is a number (`--sim 3`: three boards, as
 * `--help` shows `--sim [boards]`); otherwise a bare `--sim` is one board and the next word stays an argument
 * (`program --sim layout.tsv` keeps its layout). `--sim=N` is left as is. Call before commander parses.
 */
export function normalizeSimArgs(args: readonly string[]): string[] {
  const result: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    if (arg === '--') {
      result.push(...args.slice(index));
      break;
    }
    if (arg !== '--sim') {
      result.push(arg);
      continue;
    }
    const next = args[index + 1];
    // Any run of digits is meant as a count: out of range, the parser says so rather than taking it as a file.
    if (next !== undefined && /^\d+$/.test(next)) {
      result.push(`--sim=${next}`);
      index += 1;
    } else result.push('--sim=1');
  }
  return result;
}

/** One board of a SoC with every other option at its default (the app's "start a virtual board"). */
export function defaultSimOptions(soc: Soc): SimOptions {
  return {
    sim: 1,
    simSoc: soc,
    simFault: [],
    simSpeed: { kind: 'realistic' },
    simFirmware: 'auto',
    simMediumSize: new Map(),
  };
}
