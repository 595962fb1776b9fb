import type { Socket } from 'node:net';
import { createServer } from 'node:net';
import type { VirtualBoard } from '../board/virtual-board';
import type { VirtualBus } from '../bus/virtual-bus';
import type { RedirControlTrace } from './usbredir-control';
import { RedirSession } from './usbredir-session';

export interface UsbredirExportOptions {
  readonly board: VirtualBoard;
  readonly bus: VirtualBus;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly log: (line: string) => void;
  readonly trace?: (event: RedirControlTrace) => void;
}

export interface UsbredirExport {
  /** Where it listens (the port chosen when 0 was asked). */
  readonly host: string;
  readonly port: number;
  /** Closes the connection, if any, and stops listening. */
  close(): Promise<void>;
}

/**
 * Serves one virtual board over usbredir on a TCP socket (QEMU's `-chardev socket,...` connects to it): one
 * connection at a time, a second one is closed at once with a log line.
 */
export async function startUsbredirExport(options: UsbredirExportOptions): Promise<UsbredirExport> {
  const { log } = options;
  let current: { socket: Socket; peer: string } | null = null;
  const server = createServer((socket) => {
    const peer = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    if (current !== null) {
      log(`usbredir: refused ${peer}: one connection at a time, ${current.peer} is connected`);
      socket.destroy();
      return;
    }
    const connection = { socket, peer };
    current = connection;
    socket.setNoDelay(true);
    log(`usbredir: ${peer} connected`);
    const session = new RedirSession({
      board: options.board,
      bus: options.bus,
      write: (bytes) => {
        if (!socket.destroyed) socket.write(bytes);
      },
      log: (line) => log(`usbredir: ${line}`),
      ...(options.trace ? { trace: options.trace } : {}),
      close: (why) => {
        log(`usbredir: closing the connection from ${peer}: ${why}`);
        socket.destroy();
      },
    });
    socket.on('data', (chunk: Buffer) => session.receive(chunk));
    socket.on('error', (error) => log(`usbredir: ${peer}: ${error.message}`));
    socket.on('close', () => {
      session.dispose();
      if (current === connection) current = null;
      log(`usbredir: ${peer} disconnected`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => log(`usbredir: ${error.message}`));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  return {
    host: options.host,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        current?.socket.destroy();
        server.close(() => resolve());
      }),
  };
}
