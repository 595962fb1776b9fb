import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Soc } from '../../../shared/board';
import type { BoardFaults } from '../board/board-faults';
import type { FirmwareGeneration } from '../board/board-profile';
import { VirtualBoard } from '../board/virtual-board';
import { VirtualBackend } from '../bus/virtual-backend';
import { VirtualBus } from '../bus/virtual-bus';
import type { SimPlatform } from '../bus/sim-platform';
import { hostSimPlatform } from '../bus/sim-platform';
import { UartConsole, uartCharactersPerMs } from '../console/uart-console';
import { BoardStorage } from '../storage/board-storage';
import type { BoardClock } from '../timing/board-clock';
import { realClock } from '../timing/board-clock';
import { createLinkModel } from '../timing/link-model';
import type { SpeedMode } from '../timing/speed-mode';

export interface BoardFarmOptions {
  readonly count: number;
  readonly soc: Soc;
  readonly generation: FirmwareGeneration;
  /** Faults of each board, by index; missing entries mean none. */
  readonly faults: readonly BoardFaults[];
  readonly speed: SpeedMode;
  /** One board writes its memories here; several boards each use `board-<n>/` inside it. */
  readonly storageDir: string;
  readonly mediumSizes?: ReadonlyMap<string, number>;
  /** `--sim-fill`: the pattern each memory holds before the board first writes it (a test aid). */
  readonly fill?: Uint8Array;
  readonly clock?: BoardClock;
  /** Whose USB listing the bus imitates (default: the host's, see `hostSimPlatform`). */
  readonly platform?: SimPlatform;
  /** The first board's number on a bench (default 1): board n has the serial of the n-th board of a farm. */
  readonly firstNumber?: number;
  /** How many boards are plugged in at start (default all); the others wait for `plugNext`. */
  readonly present?: number;
}

export interface BoardFarm {
  readonly backend: VirtualBackend;
  readonly bus: VirtualBus;
  readonly boards: readonly VirtualBoard[];
  /** Plugs in the next board that was never plugged in (an empty slot filled); null when all are. */
  plugNext(): VirtualBoard | null;
  /** Closes consoles and memory files. */
  close(): Promise<void>;
}

function consolePace(speed: SpeedMode): number {
  if (speed.kind === 'fast') return Number.POSITIVE_INFINITY;
  return speed.kind === 'scaled' ? uartCharactersPerMs * speed.factor : uartCharactersPerMs;
}

/** N virtual boards on neighbouring ports of one bus, powered on in USB boot, behind one `VirtualBackend`. */
export async function startBoardFarm(options: BoardFarmOptions): Promise<BoardFarm> {
  const clock = options.clock ?? realClock;
  const bus = new VirtualBus(options.platform ?? hostSimPlatform());
  const boards: VirtualBoard[] = [];
  for (let index = 0; index < options.count; index++) {
    const faults = options.faults[index];
    if (!faults) throw new Error(`no fault set for board ${index + 1}`);
    const directory =
      options.count === 1 ? options.storageDir : join(options.storageDir, `board-${index + 1}`);
    await mkdir(directory, { recursive: true });
    boards.push(
      new VirtualBoard({
        index: (options.firstNumber ?? 1) - 1 + index,
        soc: options.soc,
        generation: options.generation,
        faults,
        clock,
        link: createLinkModel(options.speed, options.soc, faults.fullSpeed),
        storage: new BoardStorage(directory, options.mediumSizes, options.fill ?? null),
        console: new UartConsole(clock, consolePace(options.speed)),
        socket: bus,
      }),
    );
  }
  for (const board of boards.slice(0, options.present ?? boards.length)) board.powerOn();
  return {
    backend: new VirtualBackend(bus),
    bus,
    boards,
    plugNext() {
      const next = boards.find((board) => board.enumeration === 0);
      next?.powerOn();
      return next ?? null;
    },
    async close() {
      for (const board of boards) board.console.close();
      await Promise.all(boards.map((board) => board.storage.close()));
    },
  };
}
