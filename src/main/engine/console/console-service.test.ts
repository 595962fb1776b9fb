import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { access, mkdtemp, open, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleService } from './console-service';
import type { ConsoleEvent } from './console-service';

/** A real pseudo-terminal pair from socat: the test writes into `boardEnd`, the service opens `hostEnd`. */
interface PtyPair {
  readonly boardEnd: string;
  readonly hostEnd: string;
  readonly socat: ChildProcess;
  readonly dir: string;
}

async function waitFor(
  check: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs = 3000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const exists = (file: string) => () =>
  access(file).then(
    () => true,
    () => false,
  );

async function ptyPair(): Promise<PtyPair> {
  const dir = await mkdtemp(path.join(tmpdir(), 'console-pty-'));
  const boardEnd = path.join(dir, 'board');
  const hostEnd = path.join(dir, 'host');
  const socat = spawn('socat', [`pty,raw,echo=0,link=${boardEnd}`, `pty,raw,echo=0,link=${hostEnd}`], {
    stdio: 'ignore',
  });
  await waitFor(async () => (await exists(boardEnd)()) && (await exists(hostEnd)()), 'socat ptys');
  return { boardEnd, hostEnd, socat, dir };
}

describe('ConsoleService on a real pseudo-terminal', () => {
  let pty: PtyPair;
  let board: FileHandle;
  let service: ConsoleService;
  let events: ConsoleEvent[];

  beforeEach(async () => {
    pty = await ptyPair();
    board = await open(pty.boardEnd, 'w');
    service = new ConsoleService({ bufferLimits: { maxBytes: 64 * 1024, maxLines: 5 } });
    events = [];
    service.subscribe((event) => events.push(event));
  });

  afterEach(async () => {
    await service.closeAll();
    await board.close();
    pty.socat.kill();
    await rm(pty.dir, { recursive: true, force: true });
  });

  const lines = () => events.flatMap((event) => (event.type === 'data' ? event.lines : []));

  it('opens at 115200 8N1, delivers the lines, bounds its buffer, marks stages, and closes', async () => {
    const opened = await service.openSerial(pty.hostEnd);
    expect(opened).toEqual({ ok: true, console: { id: pty.hostEnd, kind: 'serial' } });

    await board.write('NOTICE:  CPU: STM32MP157CAC Rev.B\r\nU-Boot 2023.10\r\n');
    await waitFor(() => lines().length === 2, 'two lines');
    expect(lines()).toEqual(['NOTICE:  CPU: STM32MP157CAC Rev.B', 'U-Boot 2023.10']);

    service.mark('flashing partition 0x21 rootfs', pty.hostEnd);
    expect(events.at(-1)).toEqual({
      type: 'marker',
      consoleId: pty.hostEnd,
      line: '── flashing partition 0x21 rootfs ──',
    });

    await board.write(Array.from({ length: 10 }, (_, i) => `line ${i}\n`).join(''));
    await waitFor(() => lines().length === 12, 'ten more lines');
    expect(service.recentLines(pty.hostEnd, 100)).toEqual(['line 5', 'line 6', 'line 7', 'line 8', 'line 9']);

    await service.close(pty.hostEnd);
    expect(events.at(-1)).toEqual({ type: 'closed', consoleId: pty.hostEnd, reason: null });
    expect(service.consoles()).toEqual([]);
    await board.write('after close\n');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lines()).not.toContain('after close');
  });

  it('turns a port another program holds into a warning naming it', async () => {
    const holder = new ConsoleService();
    try {
      expect((await holder.openSerial(pty.hostEnd)).ok).toBe(true);
      const second = await service.openSerial(pty.hostEnd);
      expect(second.ok).toBe(false);
      if (second.ok) return;
      expect(second.warning.code).toBe('CONSOLE_PORT_BUSY');
      expect(second.warning.message).toContain(`pid ${process.pid}`);
      expect(second.warning.hint).toContain('Programming goes on without the console');
    } finally {
      await holder.closeAll();
    }
  });

  it('reports a missing port as a warning, never a throw', async () => {
    const result = await service.openSerial(path.join(pty.dir, 'nothing-here'));
    expect(result).toMatchObject({ ok: false, warning: { code: 'CONSOLE_PORT_MISSING' } });
  });
});

describe('ConsoleService with a stream source', () => {
  it('takes a plain Readable (the virtual board console) as one more console', async () => {
    const service = new ConsoleService();
    const events: ConsoleEvent[] = [];
    const unsubscribe = service.subscribe((event) => events.push(event));
    const uart = new PassThrough();
    service.attachStream('sim:1', uart);
    uart.write('DFU alt info setting: done\n');
    uart.write(Buffer.from([0xe2, 0x94]));
    uart.write(Buffer.from([0x80, 0x0a]));
    await new Promise((resolve) => setImmediate(resolve));
    expect(service.recentLines('sim:1', 20)).toEqual(['DFU alt info setting: done', '─']);
    uart.end();
    await new Promise((resolve) => setImmediate(resolve));
    expect(events.at(-1)).toEqual({ type: 'closed', consoleId: 'sim:1', reason: null });
    unsubscribe();
    expect(service.consoles()).toEqual([]);
  });

  it('opens the first ST-Link port for auto, and warns when there is none', async () => {
    const opened: string[] = [];
    const service = new ConsoleService({
      listPorts: () =>
        Promise.resolve([
          {
            path: '/dev/ttyACM3',
            stLink: true,
            vendorId: 0x0483,
            productId: 0x374b,
            manufacturer: null,
            serialNumber: null,
          },
        ]),
      openPort: (portPath, settings) => {
        opened.push(
          `${portPath}@${settings.baudRate}/${settings.dataBits}${settings.parity[0]}${settings.stopBits}`,
        );
        return Promise.resolve({ stream: new PassThrough(), close: () => Promise.resolve() });
      },
    });
    expect(await service.openSerial('auto')).toMatchObject({ ok: true, console: { id: '/dev/ttyACM3' } });
    expect(opened).toEqual(['/dev/ttyACM3@115200/8n1']);
    const none = new ConsoleService({ listPorts: () => Promise.resolve([]) });
    expect(await none.openSerial('auto')).toMatchObject({
      ok: false,
      warning: { code: 'CONSOLE_NOT_FOUND' },
    });
  });
});
