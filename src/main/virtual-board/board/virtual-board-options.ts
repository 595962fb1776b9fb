import type { Soc } from '../../../shared/board';
import type { UartConsole } from '../console/uart-console';
import type { BoardStorage } from '../storage/board-storage';
import type { BoardClock } from '../timing/board-clock';
import type { LinkModel } from '../timing/link-model';
import type { BoardFaults } from './board-faults';
import type { FirmwareGeneration } from './board-profile';
import type { VirtualBoard } from './virtual-board';

/** Where a board plugs in: the bus learns of arrivals and departures. */
export interface BoardSocket {
  attached(board: VirtualBoard): void;
  detached(board: VirtualBoard): void;
}

export interface VirtualBoardOptions {
  /** 0-based; the board sits on port `index + 1`. */
  readonly index: number;
  readonly soc: Soc;
  readonly generation: FirmwareGeneration;
  readonly faults: BoardFaults;
  readonly clock: BoardClock;
  readonly link: LinkModel;
  readonly storage: BoardStorage;
  readonly console: UartConsole;
  readonly socket: BoardSocket;
}
