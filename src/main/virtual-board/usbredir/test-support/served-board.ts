import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Soc } from '../../../../shared/board';
import type { BoardFaults } from '../../board/board-faults';
import { noFaults } from '../../board/board-faults';
import type { VirtualBoard } from '../../board/virtual-board';
import type { BoardFarm } from '../../sim/board-farm';
import { startBoardFarm } from '../../sim/board-farm';
import type { UsbredirExport } from '../usbredir-export';
import { startUsbredirExport } from '../usbredir-export';
import { RedirGuest } from './usbredir-guest';

/** Test support: one virtual board (current firmware, fast link) served over usbredir on a loopback port. */
export interface ServedBoard {
  readonly farm: BoardFarm;
  readonly board: VirtualBoard;
  readonly exported: UsbredirExport;
  /** The export's log lines so far. */
  readonly lines: string[];
  /** A usb-guest connected to it (closed with the rest). */
  connect(): Promise<RedirGuest>;
  close(): Promise<void>;
}

export async function serveBoard(soc: Soc = 'mp15', faults: BoardFaults = noFaults): Promise<ServedBoard> {
  const dir = await mkdtemp(join(tmpdir(), 'vboard-usbredir-'));
  const farm = await startBoardFarm({
    count: 1,
    soc,
    generation: 'current',
    faults: [faults],
    speed: { kind: 'fast' },
    storageDir: dir,
  });
  const board = farm.boards[0];
  if (board === undefined) throw new Error('the farm started no board');
  const lines: string[] = [];
  const exported = await startUsbredirExport({
    board,
    bus: farm.bus,
    host: '127.0.0.1',
    port: 0,
    log: (line) => lines.push(line),
  });
  const guests: RedirGuest[] = [];
  return {
    farm,
    board,
    exported,
    lines,
    connect: async () => {
      const guest = await RedirGuest.connect(exported.port);
      guests.push(guest);
      return guest;
    },
    close: async () => {
      for (const guest of guests) guest.close();
      await exported.close();
      await farm.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
