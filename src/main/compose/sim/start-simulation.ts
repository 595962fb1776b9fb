import { rmSync } from 'node:fs';
import { lstat, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { firmwareForSsbl } from '../../virtual-board/board/firmware-for-ssbl';
import type { UsbBackend } from '../../usb/usb-backend';
import type { FirmwareGeneration } from '../../virtual-board/board/board-profile';
import type { VirtualBoard } from '../../virtual-board/board/virtual-board';
import type { VirtualBus } from '../../virtual-board/bus/virtual-bus';
import type { PtyBridge } from '../../virtual-board/console/pty-bridge';
import { startPtyBridge } from '../../virtual-board/console/pty-bridge';
import type { BoardClock } from '../../virtual-board/timing/board-clock';
import { startBoardFarm } from '../../virtual-board/sim/board-farm';
import { StorageLock } from '../../virtual-board/storage/storage-lock';
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
  /** The boards' bus (attach/detach of each enumeration), for what serves a board other than as a backend. */
  readonly bus: VirtualBus;
  readonly boards: readonly SimulatedBoard[];
  readonly storageDir: string;
  readonly generation: FirmwareGeneration;
  /** Lines to show the user: where the memories are written, the PTY paths, a missing `socat`. */
  readonly messages: readonly string[];
  /** `--sim-present`: plugs in the next board not plugged in yet; null when every board is. */
  plugNext(): SimulatedBoard | null;
  /**
   * Stops the PTYs, closes consoles and memory files, and lets the storage folder go: kept with `--sim-storage`,
   * removed when it was a temporary folder made for this run.
   */
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
  const temporary = options.simStorage === undefined;
  const storageDir = options.simStorage ?? (await mkdtemp(join(tmpdir(), 'stm32mp-flasher-sim-')));
  // Whatever ends the process (a second Ctrl+C, the exit timer), a temporary folder does not stay behind.
  const removeOnExit = (): void => rmSync(storageDir, { recursive: true, force: true });
  if (temporary) process.once('exit', removeOnExit);
  const letGo = async (lock: StorageLock | null): Promise<void> => {
    await lock?.release();
    if (!temporary) return;
    process.off('exit', removeOnExit);
    await rm(storageDir, { recursive: true, force: true });
  };
  let lock: StorageLock | null = null;
  try {
    lock = await StorageLock.acquire(storageDir);
    await refuseLinkedMemories(storageDir);
  } catch (error) {
    await letGo(lock);
    throw error;
  }
  const farm = await startBoardFarm({
    count,
    soc: options.simSoc,
    generation,
    faults: faults.filter((entry) => typeof entry !== 'string'),
    speed: options.simSpeed,
    storageDir,
    mediumSizes: options.simMediumSize,
    ...(options.simFill ? { fill: options.simFill } : {}),
    ...(context.clock ? { clock: context.clock } : {}),
    ...(options.simPlatform ? { platform: options.simPlatform } : {}),
    ...(options.boardNumber ? { firstNumber: options.boardNumber } : {}),
    ...(options.simPresent === undefined ? {} : { present: options.simPresent }),
  }).catch(async (error: unknown) => {
    await letGo(lock);
    throw error;
  });
  const messages = [
    `Virtual board memories: ${storageDir}${temporary ? ' (a temporary folder, removed at the end)' : ''}`,
  ];
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
    bus: farm.bus,
    boards,
    storageDir,
    generation,
    messages,
    plugNext() {
      const plugged = farm.plugNext();
      return boards.find((served) => served.board === plugged) ?? null;
    },
    async close() {
      await Promise.all(bridges.map((bridge) => bridge.close()));
      await farm.close();
      await letGo(lock);
    },
  };
}

/**
 * A memory file (`*.img`, in the folder or a `board-N` folder of it) that is a symbolic link is refused before a
 * board starts: it would be resized and written through. The memory files are also opened without following links.
 */
async function refuseLinkedMemories(storageDir: string): Promise<void> {
  const folders = [storageDir];
  for (const entry of await readdir(storageDir, { withFileTypes: true }))
    if (/^board-\d+$/.test(entry.name)) {
      if (entry.isSymbolicLink())
        throw new Error(`--sim-storage ${storageDir}: ${entry.name} is a symbolic link; it is not followed.`);
      if (entry.isDirectory()) folders.push(join(storageDir, entry.name));
    }
  for (const folder of folders)
    for (const name of await readdir(folder)) {
      if (!name.endsWith('.img')) continue;
      const file = join(folder, name);
      if ((await lstat(file)).isSymbolicLink())
        throw new Error(
          `--sim-storage ${storageDir}: the memory file ${file} is a symbolic link; it is not followed (its target would be resized and overwritten). Remove the link or pick another folder.`,
        );
    }
}
