import { createWriteStream } from 'node:fs';
import type { SimOptions } from './sim/sim-options';
import { faultsForBoards } from './sim/sim-options';
import { startSimulation } from './sim/start-simulation';
import { startUsbredirExport } from '../virtual-board/usbredir/usbredir-export';
import type { RedirControlTrace } from '../virtual-board/usbredir/usbredir-control';

export interface UsbredirBoard {
  readonly host: string;
  readonly port: number;
  /** Lines to show at start: memories folder, UART pseudo-terminal, faults without a usbredir meaning. */
  readonly messages: readonly string[];
  /** Stops serving, then the board (consoles, memory files, a temporary storage folder). */
  close(): Promise<void>;
}

/**
 * One virtual board from the `--sim` options, served over usbredir on `host:port` (the `board` command): the
 * front end gets a running board and a log line per stage change and per usbredir event through `say`.
 * Throws an Error whose message is for the user when the options do not fit or the address cannot be listened on.
 */
export async function startUsbredirBoard(
  options: SimOptions,
  listen: { readonly host: string; readonly port: number },
  say: (line: string) => void,
  tracePath?: string,
): Promise<UsbredirBoard> {
  const simulation = await startSimulation({ ...options, sim: 1 });
  const served = simulation?.boards[0];
  if (!simulation || !served) throw new Error('no virtual board was started');
  const { board } = served;
  const messages = [...simulation.messages];
  const faults = faultsForBoards(options.simFault, 1)[0];
  if (typeof faults === 'object' && (faults.unopenable || faults.otherPort))
    messages.push(
      'Note: unopenable and other-port have no usbredir equivalent (the guest kernel opens the device; one connection is one port); the board is served without them.',
    );
  const hex = (value: number): string => value.toString(16).padStart(4, '0');
  const sayEnumerated = (): void => {
    const identity = board.identity();
    say(
      `Board on the bus: ${hex(identity.vendorId)}:${hex(identity.productId)} bcdDevice ${hex(identity.bcdDevice)} "${identity.product ?? ''}" serial ${identity.serial ?? '(none)'}`,
    );
  };
  const stops = [
    board.onStage((stage) => say(`Board stage ${stage}`)),
    simulation.bus.on('attach', (entry) => {
      if (simulation.bus.boardOf(entry) === board) sayEnumerated();
    }),
    simulation.bus.on('detach', () => say(`Board left the bus (stage ${board.stage})`)),
  ];
  // It powered on in its ROM before anyone listened.
  say(`Board stage ${board.stage}`);
  if (board.attached) sayEnumerated();
  const trace = tracePath === undefined ? null : createWriteStream(tracePath);
  if (trace) stops.push(() => trace.end());
  try {
    const exported = await startUsbredirExport({
      board,
      bus: simulation.bus,
      host: listen.host,
      port: listen.port,
      log: say,
      ...(trace ? { trace: (event: RedirControlTrace) => trace.write(traceLine(event)) } : {}),
    });
    return {
      host: exported.host,
      port: exported.port,
      messages,
      async close() {
        for (const stop of stops) stop();
        await exported.close();
        await simulation.close();
      },
    };
  } catch (error) {
    for (const stop of stops) stop();
    await simulation.close();
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'EADDRINUSE'
        ? `port ${listen.port} is already in use. Pass port 0 (e.g. 127.0.0.1:0) to pick a free one.`
        : `cannot listen on ${listen.host}:${listen.port} (${code ?? String(error)}).`,
      { cause: error },
    );
  }
}

/** `<ms> <request|reply> <bmRequestType> <bRequest> <wValue> <length> [status]`, one per line. */
function traceLine(event: RedirControlTrace): string {
  const hex = (value: number): string => `0x${value.toString(16).padStart(2, '0')}`;
  const status = event.status === undefined ? '' : ` ${event.status}`;
  return `${event.at.toFixed(3)} ${event.kind} ${hex(event.requestType)} ${event.request} ${event.value} ${event.length}${status}\n`;
}
