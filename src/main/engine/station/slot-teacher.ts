import type { BoardTracker } from '../boards/board-tracker';
import type { StationRunner, StationSlot } from './station-runner';

/**
 * Teaching a station its slots from the app: each USB port a board shows up on becomes the next slot ("Slot 1",
 * "Slot 2", … in the order they appear; boards already there first, in port order), the runner shows them at once
 * and `write` stores them (the recipe's slots list). Nothing is programmed while it teaches.
 */
export class SlotTeacher {
  readonly #tracker: BoardTracker;
  readonly #runner: StationRunner;
  readonly #write: (slots: readonly StationSlot[]) => Promise<void>;
  #taught: StationSlot[] = [];
  #stop: (() => void) | null = null;
  #writes: Promise<void> = Promise.resolve();

  constructor(
    tracker: BoardTracker,
    runner: StationRunner,
    write: (slots: readonly StationSlot[]) => Promise<void>,
  ) {
    this.#tracker = tracker;
    this.#runner = runner;
    this.#write = write;
  }

  get teaching(): boolean {
    return this.#stop !== null;
  }

  get slots(): readonly StationSlot[] {
    return this.#taught;
  }

  start(): void {
    if (this.#stop !== null) return;
    this.#taught = [];
    this.#runner.setTeaching(true);
    this.#runner.setSlots([]);
    this.#stop = this.#tracker.onChange(() => this.#look());
    this.#look();
  }

  /** Ends teaching once the slots taught so far are written. */
  async stop(): Promise<void> {
    this.#stop?.();
    this.#stop = null;
    await this.#writes;
    this.#runner.setTeaching(false);
  }

  #look(): void {
    const fresh = this.#tracker
      .boards()
      .filter((board) => board.entry !== null && !this.#taught.some((slot) => slot.port === board.slot));
    if (fresh.length === 0) return;
    for (const board of fresh)
      this.#taught.push({ name: `Slot ${this.#taught.length + 1}`, port: board.slot });
    const slots = [...this.#taught];
    this.#runner.setSlots(slots);
    this.#writes = this.#writes.then(() => this.#write(slots)).catch(() => undefined);
  }
}
