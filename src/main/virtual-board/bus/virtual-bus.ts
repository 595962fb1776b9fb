import { EventEmitter } from 'node:events';
import type { UsbBackendEvent, UsbDeviceEntry } from '../../usb/usb-backend';
import type { BoardSocket, VirtualBoard } from '../board/virtual-board';
import type { SimPlatform } from './sim-platform';
import { hostSimPlatform, listedIdentity } from './sim-platform';

/** The key of one enumeration of one board. */
export function entryKey(board: VirtualBoard, enumeration: number): string {
  return `virtual:${board.index + 1}:${enumeration}`;
}

/**
 * The virtual boards' USB bus: who is attached now, and attach/detach events, listed as the host `platform`
 * lists devices before opening them (see `listedIdentity`).
 */
export class VirtualBus implements BoardSocket {
  readonly platform: SimPlatform;
  readonly #present = new Map<VirtualBoard, UsbDeviceEntry>();
  readonly #events = new EventEmitter();

  constructor(platform: SimPlatform = hostSimPlatform()) {
    this.platform = platform;
  }

  attached(board: VirtualBoard): void {
    const entry: UsbDeviceEntry = {
      key: entryKey(board, board.enumeration),
      identity: listedIdentity(board.identity(), this.platform),
    };
    this.#present.set(board, entry);
    this.#events.emit('attach', entry);
  }

  detached(board: VirtualBoard): void {
    const entry = this.#present.get(board);
    if (!entry) return;
    this.#present.delete(board);
    this.#events.emit('detach', entry);
  }

  entries(): UsbDeviceEntry[] {
    return [...this.#present.values()];
  }

  /** The board behind an entry, if that enumeration is still on the bus. */
  boardOf(entry: UsbDeviceEntry): VirtualBoard | undefined {
    for (const [board, present] of this.#present) if (present.key === entry.key) return board;
    return undefined;
  }

  on(event: UsbBackendEvent, listener: (device: UsbDeviceEntry) => void): () => void {
    this.#events.on(event, listener);
    return () => this.#events.off(event, listener);
  }
}
