import type { DeviceIdentity } from '../../usb/device-identity';
import { fakeUbootIdentity } from '../dfu/dfu-transport.fake';
import { EventEmitter } from 'node:events';
import type { HotplugProblem, UsbBackend, UsbBackendEvent, UsbDeviceEntry } from '../../usb/usb-backend';
import type { Clock } from '../dfu/clock';
import { BoardTracker } from '../boards/board-tracker';
import { UsbError } from '../../usb/usb-error';
import type { UsbTransport } from '../../usb/usb-transport';

/** For the session's unit tests: a device entry with the identity fields a test cares about. */
export function entry(key: string, identity: Partial<DeviceIdentity> = {}): UsbDeviceEntry {
  return {
    key,
    identity: { ...fakeUbootIdentity, ...identity },
  };
}

/**
 * A scripted bus: `present` is what `list` answers; setting it announces the difference as attach and detach
 * events, as a real backend's hotplug does. `open` answers the transport the test made for an entry, or refuses.
 */
export class ScriptedBackend implements UsbBackend {
  #present: UsbDeviceEntry[];
  readonly transports = new Map<string, () => UsbTransport>();
  readonly refused = new Set<string>();
  /** Keys whose open answers `busy` (another program holds the device). */
  readonly busy = new Set<string>();
  readonly #events = new EventEmitter();
  lists = 0;
  /** What `hotplugProblem()` answers (a Linux host without udevd: 'udev-not-running'). */
  problem: HotplugProblem | null = null;

  constructor(present: UsbDeviceEntry[]) {
    this.#present = present;
  }

  get present(): UsbDeviceEntry[] {
    return this.#present;
  }

  set present(next: UsbDeviceEntry[]) {
    const before = this.#present;
    this.#present = next;
    for (const entry of before)
      if (!next.some((other) => other.key === entry.key)) this.#events.emit('detach', entry);
    for (const entry of next)
      if (!before.some((other) => other.key === entry.key)) this.#events.emit('attach', entry);
  }

  async list(): Promise<readonly UsbDeviceEntry[]> {
    this.lists += 1;
    return [...this.#present];
  }

  on(event: UsbBackendEvent, listener: (device: UsbDeviceEntry) => void): () => void {
    this.#events.on(event, listener);
    return () => this.#events.off(event, listener);
  }

  async open(device: UsbDeviceEntry): Promise<UsbTransport> {
    if (this.refused.has(device.key)) throw new UsbError('access', 'LIBUSB_ERROR_ACCESS');
    if (this.busy.has(device.key)) throw new UsbError('busy', 'LIBUSB_ERROR_BUSY');
    const make = this.transports.get(device.key);
    if (make === undefined) throw new UsbError('no-device', 'LIBUSB_ERROR_NO_DEVICE');
    return make();
  }

  hotplugProblem(): HotplugProblem | null {
    return this.problem;
  }
}

/** A GetPhase answer: phase, address (LE), offset 0, then extra bytes. */
export function phaseBytes(phase: number, extra: readonly number[] = [], address = 0xffffffff): Uint8Array {
  const bytes = new Uint8Array(9 + extra.length);
  const view = new DataView(bytes.buffer);
  bytes[0] = phase;
  view.setUint32(1, address, true);
  bytes.set(extra, 9);
  return bytes;
}

/** A tracker over a scripted bus, started: the board a session or watcher test follows is its first board. */
export async function trackedBoard(
  backend: ScriptedBackend,
  clock?: Clock,
): Promise<{ tracker: BoardTracker; boardId: string }> {
  const tracker = new BoardTracker({ backend, ...(clock === undefined ? {} : { clock }) });
  await tracker.start();
  const boardId = tracker.boards()[0]?.id;
  if (boardId === undefined) throw new Error('no board on the scripted bus');
  return { tracker, boardId };
}

/**
 * A fake clock with a script: `at(ms, action)` runs the action once the clock reaches `ms`. Sleeping advances the
 * time at once (tests never wait for real); a sleep across a scripted moment stops there, runs the action and
 * wakes the sleeper early, as an event would wake a waiting run. So a test can unplug or plug a device at a moment
 * of the run; use it only where every sleeper re-checks its condition (the tracker and the watcher do).
 */
export class ScriptedClock implements Clock {
  time = 0;
  readonly #script: { at: number; action: () => void }[] = [];

  at(ms: number, action: () => void): this {
    this.#script.push({ at: ms, action });
    this.#script.sort((a, b) => a.at - b.at);
    return this;
  }

  now(): number {
    return this.time;
  }

  /** A timer: scripted like any other moment, cancelled by the function it answers. */
  after(ms: number, callback: () => void): () => void {
    let cancelled = false;
    this.at(this.time + ms, () => {
      if (!cancelled) callback();
    });
    return () => {
      cancelled = true;
    };
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const next = this.#script[0];
    if (next !== undefined && next.at <= this.time + ms) {
      this.time = Math.max(this.time, next.at);
      while (this.#script[0] !== undefined && this.#script[0].at <= this.time) this.#script.shift()?.action();
    } else this.time += ms;
    // Let what the actions started (the tracker reading a new device) run before the sleeper goes on.
    for (let turn = 0; turn < 20; turn += 1) await Promise.resolve();
  }
}
