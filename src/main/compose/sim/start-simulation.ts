import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { firmwareForSsbl } from '../../virtual-board/board/firmware-for-ssbl';
import type { UsbBackend } from '../../usb/usb-backend';
import type { FirmwareGeneration } from '../../virtual-board/board/board-profile';
import type { VirtualBoard } from '../../virtual-board/board/virtual-board';
import type { PtyBridge } from '../../virtual-board/console/pty-bridge';
import { startPtyBridge } from '../../virtual-board/console/pty-bridge';
import type { BoardClock } from '../../virtual-board/timing/board-clock';
import { startBoardFarm } from '../../virtual-board/sim/board-farm';
import type { SimOptions } from './sim-options';
import { faultsForBoards } from './sim-options';

export interface SimulationContext {
  /** The first bytes of the SSBL the command will program, for `--sim-firmware auto`. */
  readonly ssblHead?: Uint8Array;
  readonly clock?: BoardClock;
}

export interface SimulatedBoard {
  readonly number: number;
  readonly board: VirtualBoard;
  /** The board's UART as a plain stream (what the console service reads when there is no PTY). */
  readonly uart: Readable;
  /** With `--sim-uart pty`: the pseudo-terminal serving the UART, else null. */
  readonly ptyPath: string | null;
}

export interface Simulation {
  readonly backend: UsbBackend;
  readonly boards: readonly SimulatedBoard[];
  readonly storageDir: string;
  readonly generation: FirmwareGeneration;
  /** Lines to show the user: where the memories are written, the PTY paths, a missing `socat`. */
  readonly messages: readonly string[];
  /** Stops the PTYs and closes consoles and memory files (the storage folder is kept). */
  close(): Promise<void>;
}

/**
 * Turns parsed `--sim` options into running boards behind a `VirtualBackend`, or null without `--sim`.
 * Throws an Error whose message is for the user (a usage error) when the options do not fit together.
 */
export async function startSimulation(
  options: SimOptions,
  context: SimulationContext = {},
): Promise<Simulation | null> {
  if (options.sim === undefined) return null;
  const count = options.sim;
  const faults = faultsForBoards(options.simFault, count);
  const problem = faults.find((entry) => typeof entry === 'string');
  if (typeof problem === 'string') throw new Error(problem);
  const generation = options.simFirmware === 'auto' ? firmwareForSsbl(context.ssblHead) : options.simFirmware;
  if (generation === '2019' && options.simSoc !== 'mp15')
    throw new Error(
      '--sim-firmware 2019 exists for mp15 only (the 2019 flow has no public source for MP13/MP2).',
    );
  const storageDir = options.simStorage ?? (await mkdtemp(join(tmpdir(), 'stm32mp-flasher-sim-')));
  const farm = await startBoardFarm({
    count,
    soc: options.simSoc,
    generation,
    faults: faults.filter((entry) => typeof entry !== 'string'),
    speed: options.simSpeed,
    storageDir,
    mediumSizes: options.simMediumSize,
    ...(context.clock ? { clock: context.clock } : {}),
    ...(options.simPlatform ? { platform: options.simPlatform } : {}),
  });
  const messages = [`Virtual board memories: ${storageDir}`];
  const bridges: PtyBridge[] = [];
  const boards: SimulatedBoard[] = [];
  for (const board of farm.boards) {
    let ptyPath: string | null = null;
    if (options.simUart === 'pty') {
      try {
        const bridge = await startPtyBridge(board.console.stream);
        bridges.push(bridge);
        ptyPath = bridge.path;
        messages.push(`Virtual board ${board.index + 1} UART: ${bridge.path}`);
      } catch (error) {
        messages.push(
          `Virtual board ${board.index + 1} UART stays in-process: no pseudo-terminal (${error instanceof Error ? error.message : String(error)}; is socat installed?)`,
        );
      }
    }
    boards.push({ number: board.index + 1, board, uart: board.console.stream, ptyPath });
  }
  return {
    backend: farm.backend,
    boards,
    storageDir,
    generation,
    messages,
    async close() {
      await Promise.all(bridges.map((bridge) => bridge.close()));
      await farm.close();
    },
  };
}
