import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { phaseLedRun } from '../../virtual-board/conformance/phase-led-run';
import { stm32Image } from '../../virtual-board/conformance/test-images';
import type { Simulation } from './start-simulation';
import { startSimulation } from './start-simulation';

describe('the UART on a real pseudo-terminal (--sim-uart pty, via socat)', () => {
  let dir = '';
  let simulation: Simulation | null = null;
  let port: SerialPort | null = null;
  afterEach(async () => {
    if (port?.isOpen) await new Promise((resolve) => port?.close(resolve));
    await simulation?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the U-Boot banner to a serialport client at 115200 8N1', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vboard-pty-'));
    simulation = await startSimulation({
      sim: 1,
      simSoc: 'mp15',
      simStorage: dir,
      simFault: ['no-return'],
      simSpeed: { kind: 'fast' },
      simFirmware: '2019',
      simMediumSize: new Map(),
      simUart: 'pty',
    });
    const path = simulation?.boards[0]?.ptyPath;
    expect(path, simulation?.messages.join('\n')).toMatch(/^\/dev\/(pts\/\d+|ttys\d+)$/);
    const serial = new SerialPort({
      path: path ?? '',
      baudRate: 115200,
      dataBits: 8,
      parity: 'none',
      stopBits: 1,
    });
    port = serial;
    await new Promise<void>((resolve, reject) => serial.once('open', resolve).once('error', reject));
    let received = '';
    const banner = new Promise<void>((resolve) => {
      serial.on('data', (chunk: Buffer) => {
        received += chunk.toString('latin1');
        if (received.includes('DFU alt info setting: done')) resolve();
      });
    });
    const images = new Map([
      [0x01, stm32Image('v1_0', 8192)],
      [0x00, new TextEncoder().encode('P\t0x10\tx\tBinary\tmmc0\t0x4400\n')],
      [0x03, stm32Image('v1_0', 8192)],
    ]);
    if (!simulation) throw new Error('no simulation');
    await phaseLedRun(simulation.backend, images, { stopAfterDetaches: 1 });
    await banner;
    expect(received).toMatch(/U-Boot 2018\.11-stm32mp-r2\.1 \(Jun 25 2019/);
    expect(received).toContain('NOTICE:  CPU: STM32MP157CAC Rev.B\r\n');
  });
});
