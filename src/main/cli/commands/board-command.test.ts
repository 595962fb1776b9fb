import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../../engine/layout/test-support/layout-images';
import { parseHostPort } from '../option-parsers';
import { dfuRequest } from '../../protocol/dfu';
import { stm32HeaderVersionBySoc } from '../../protocol/stm32-header';
import {
  altForPhase,
  alternateNames,
  downloadBlocks,
  manifest,
  simpleRequest,
  transferSize,
} from '../../virtual-board/conformance/raw-dfu-host';
import { stm32Image } from '../../virtual-board/conformance/test-images';
import { RedirGuest } from '../../virtual-board/usbredir/test-support/usbredir-guest';
import { packetType } from '../../virtual-board/usbredir/usbredir-protocol';

const launcher = join(repositoryRoot, 'bin', 'stm32mp-flasher.js');

function startBoard(args: readonly string[]) {
  const child = spawn(process.execPath, [launcher, 'board', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

describe('stm32mp-flasher board --usbredir (the built CLI)', () => {
  it('listens on a free loopback port, serves the ROM to a usb-guest, logs it, and exits 130 on SIGINT', async () => {
    const tracePath = join(mkdtempSync(join(tmpdir(), 'stm32mp-trace-')), 'trace.txt');
    const board = startBoard([
      ...['--usbredir', '127.0.0.1:0', '--sim-speed', 'fast', '--sim-soc', 'mp13'],
      ...['--usbredir-trace', tracePath],
    ]);
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no Listening line in 15 s:\n${board.output()}`)),
        15_000,
      );
      const look = (): void => {
        const match = /^Listening for usbredir on 127\.0\.0\.1:(\d+)$/m.exec(board.output());
        if (!match?.[1]) return;
        clearTimeout(timer);
        resolve(Number(match[1]));
      };
      board.child.stdout.on('data', look);
      void board.exited.then((code) => reject(new Error(`exited with ${code}:\n${board.output()}`)));
    });
    expect(port).toBeGreaterThan(0);
    const guest = await RedirGuest.connect(port);
    const connect = Buffer.from((await guest.next(packetType.deviceConnect)).body);
    expect([connect[0], connect.readUInt16LE(4), connect.readUInt16LE(6)]).toEqual([2, 0x0483, 0xdf11]);
    expect(await guest.string(2)).toMatch(/^DFU in HS Mode @Device ID \/0x501/);
    // ST's wiki flow for an MP13: the FSBL on alt 0, DETACH on the virtual alt; TF-A comes back after the ack.
    const transport = await guest.open();
    const names = await alternateNames(transport);
    const fsbl = stm32Image(stm32HeaderVersionBySoc.mp13, 8192);
    await downloadBlocks(transport, altForPhase(names, 0x01), fsbl);
    await manifest(transport, Math.ceil(fsbl.length / transferSize(transport)));
    await transport.setAlternateSetting(0, altForPhase(names, 0xf1));
    await simpleRequest(transport, dfuRequest.detach, 1000);
    await guest.next(packetType.deviceDisconnect);
    guest.send(packetType.deviceDisconnectAck);
    await guest.next(packetType.deviceConnect);
    expect(await guest.string(2)).toMatch(/^DFU @Device ID \/0x501/);
    board.child.kill('SIGINT');
    expect(await board.exited).toBe(130);
    await guest.closed;
    expect(board.output()).toMatch(
      /Board stage rom\n.*Board on the bus: 0483:df11 bcdDevice 0200 "DFU in HS Mode/,
    );
    expect(board.output()).toMatch(
      /Board left the bus \(stage rom\)\n(.*\n)*.*Board stage tfa\n(.*\n)*.*Board on the bus: 0483:df11 .*"DFU @Device ID/,
    );
    expect(board.output()).toMatch(
      /usbredir: device_disconnect; holding the device until the peer acknowledges it/,
    );
    expect(board.output()).toMatch(/usbredir: 127\.0\.0\.1:\d+ connected/);
    expect(board.output()).toMatch(
      /usbredir: device_connect 0483:df11 bcdDevice 0200 high speed \(rom, enumeration 1\)/,
    );
    expect(board.output()).toMatch(/Board on the bus: 0483:df11 .* serial \w{22}01\n/);
    expect(board.output()).not.toMatch(/serial \w{22}02/);
    expect(board.output()).toMatch(/Stopped\./);
    // The trace: every control request and its reply, timed; here the FSBL's blocks (DNLOAD = 1) and their
    // GETSTATUS (3) on the ROM.
    const trace = readFileSync(tracePath, 'utf8').trim().split('\n');
    expect(trace).toContainEqual(expect.stringMatching(/^\d+\.\d{3} request 0x21 1 0 1024$/));
    expect(trace).toContainEqual(expect.stringMatching(/^\d+\.\d{3} reply 0x21 1 0 1024 0$/));
    expect(trace).toContainEqual(expect.stringMatching(/^\d+\.\d{3} reply 0xa1 3 0 6 0$/));
    const times = trace.map((line) => Number(line.split(' ')[0]));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  }, 30_000);

  it('--board-number gives the process the serial of that board of a bench; out of range is a usage error', async () => {
    const second = startBoard(['--usbredir', '127.0.0.1:0', '--sim-speed', 'fast', '--board-number', '2']);
    await expect
      .poll(() => second.output(), { timeout: 15_000 })
      .toMatch(/Listening for usbredir on 127\.0\.0\.1:\d+/);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(130);
    expect(second.output()).toMatch(/Board on the bus: 0483:df11 .* serial \w{22}02\n/);
    const outOfRange = startBoard(['--usbredir', '127.0.0.1:0', '--board-number', '17']);
    expect(await outOfRange.exited).toBe(2);
    expect(outOfRange.output()).toMatch(/a board number from 1 to 16 is needed/);
  }, 30_000);

  it('refuses an address other than loopback without --allow-remote (exit 2)', async () => {
    const board = startBoard(['--usbredir', '192.0.2.1:4000']);
    expect(await board.exited).toBe(2);
    expect(board.output()).toMatch(/not a loopback address.*--allow-remote/s);
  }, 30_000);

  it.each([
    ['127.0.0.1:0', { host: '127.0.0.1', port: 0 }],
    ['[::1]:4000', { host: '::1', port: 4000 }],
    ['localhost:65535', { host: 'localhost', port: 65535 }],
  ])('--usbredir %s is read as host and port', (text, expected) => {
    expect(parseHostPort(text)).toEqual(expected);
  });

  it.each(['4000', '127.0.0.1', '127.0.0.1:65536', '::1:4000', ':4000', '127.0.0.1:x'])(
    '--usbredir %s is a usage error',
    (text) => {
      expect(() => parseHostPort(text)).toThrow(/<host>:<port> is needed/);
    },
  );
});
