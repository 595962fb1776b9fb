import type { BoardSummary } from '../../shared/contract';
import type { BoardTracker } from '../engine/boards/board-tracker';
import type { RunStart } from '../engine/session/program-layout';
import type { UsbBackend } from '../usb/usb-backend';

/** Where boards come from (libusb, a virtual board farm): its bus, its tracker, and the boards' own consoles. */
export interface BoardSource {
  readonly backend: UsbBackend;
  readonly tracker: BoardTracker;
  /** The console that belongs to a board (a virtual board's UART), else null. */
  consoleOf(boardId: string): string | null;
  /** Called before a run on one of its boards starts: the SSBL it will load, the layout it programs (--sim). */
  beforeRun?(boardId: string, start: RunStart): Promise<void>;
  /** Boards simulated in this process: no virtual machine's USB stands between them and the app. */
  readonly inProcess?: boolean;
}

/** A board found by id: its source and its own console. */
export interface LocatedBoard {
  readonly source: BoardSource;
  readonly boardId: string;
  readonly consoleId: string | null;
}

/**
 * The one list of boards the app shows: every source's tracked boards (each source in slot order, real boards
 * first), with one change notification whenever any board changes.
 */
export class BoardDirectory {
  readonly #sources: BoardSource[] = [];
  readonly #listeners = new Set<(boards: readonly BoardSummary[]) => void>();

  addSource(source: BoardSource): () => void {
    this.#sources.push(source);
    const stop = source.tracker.onChange(() => this.#notify());
    this.#notify();
    return () => {
      stop();
      this.#sources.splice(this.#sources.indexOf(source), 1);
      this.#notify();
    };
  }

  list(): BoardSummary[] {
    return this.#sources.flatMap((source) => source.tracker.summaries());
  }

  locate(boardId: string): LocatedBoard | null {
    for (const source of this.#sources)
      if (source.tracker.get(boardId) !== undefined)
        return { source, boardId, consoleId: source.consoleOf(boardId) };
    return null;
  }

  onChange(listener: (boards: readonly BoardSummary[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #notify(): void {
    if (this.#listeners.size === 0) return;
    const boards = this.list();
    for (const listener of this.#listeners) listener(boards);
  }
}
