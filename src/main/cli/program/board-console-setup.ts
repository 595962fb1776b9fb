import type { ConsoleService } from '../../engine/console/console-service';
import { simulatedBoardOfKey } from '../../compose/simulation-board-source';
import type { TrackedBoard } from '../../engine/boards/board-tracker';
import type { Simulation } from '../../compose/sim/start-simulation';

export interface ConsoleChoice {
  readonly consoleId: string | null;
  /** Why the asked console could not be opened (programming goes on without it). */
  readonly problem: { readonly message: string; readonly hint: string } | null;
}

/**
 * `--console <path|auto|none>` through the console service. `auto`: with `--sim`, the programmed virtual board's
 * UART (named choice `simConsoleFirst`: an ST-Link port on this machine belongs to a real board, not to the
 * virtual one); otherwise the first ST-Link virtual COM port, else none, silently.
 */
export async function openBoardConsole(
  service: ConsoleService,
  mode: string,
  simulation: Simulation | null,
  board: TrackedBoard,
): Promise<ConsoleChoice> {
  if (mode === 'none') return { consoleId: null, problem: null };
  const key = board.entry?.key;
  const simulated =
    simulation === null || key === undefined ? undefined : simulatedBoardOfKey(simulation, key);
  if (mode === 'auto' && simulated !== undefined) {
    if (simulated.ptyPath === null) {
      const info = service.attachStream(`virtual-${simulated.number}`, simulated.uart, async () => undefined);
      return { consoleId: info.id, problem: null };
    }
    return openSerial(service, simulated.ptyPath, false);
  }
  return openSerial(service, mode, mode === 'auto');
}

async function openSerial(
  service: ConsoleService,
  path: string,
  quietWhenAbsent: boolean,
): Promise<ConsoleChoice> {
  const opened = await service.openSerial(path);
  if (opened.ok) return { consoleId: opened.console.id, problem: null };
  if (quietWhenAbsent && opened.warning.code === 'CONSOLE_NOT_FOUND')
    return { consoleId: null, problem: null };
  return { consoleId: null, problem: { message: opened.warning.message, hint: opened.warning.hint } };
}
