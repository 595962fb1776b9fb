import type { ConsoleService } from '../console/console-service';

/** What the session and the reconnect watcher need of the board's console: its recent lines, new lines, markers. */
export interface BoardConsole {
  recentLines(count: number): string[];
  /** Calls the listener with the lines each chunk completed; answers the unsubscribe function. */
  onLines(listener: (lines: readonly string[]) => void): () => void;
  /** Marks a stage in the console stream (`── flashing partition 0x21 rootfs ──`). */
  mark(text: string): void;
}

/** One console of the console service, seen as the board's console. */
export function boardConsoleOf(service: ConsoleService, consoleId: string): BoardConsole {
  return {
    recentLines: (count) => service.recentLines(consoleId, count),
    onLines: (listener) =>
      service.subscribe((event) => {
        if (event.type === 'data' && event.consoleId === consoleId && event.lines.length > 0)
          listener(event.lines);
      }),
    mark: (text) => service.mark(text, consoleId),
  };
}
