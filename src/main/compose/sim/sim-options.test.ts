import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { stm32Image, fipImage } from '../../virtual-board/conformance/test-images';
import type { SimOptions } from './sim-options';
import { faultsForBoards, normalizeSimArgs, parseMediumSize, registerSimOptions } from './sim-options';
import type { Simulation } from './start-simulation';
import { firmwareForSsbl } from '../../virtual-board/board/firmware-for-ssbl';
import { startSimulation } from './start-simulation';

function parse(args: string[]): { options: SimOptions; positional: string[] } {
  const command = registerSimOptions(new Command('program').argument('[layout]').exitOverride());
  command.parse(normalizeSimArgs(args), { from: 'user' });
  return { options: command.opts<SimOptions>(), positional: command.args };
}

describe('the --sim option family', () => {
  let simulation: Simulation | null = null;
  let dir = '';
  afterEach(async () => {
    await simulation?.close();
    simulation = null;
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('has defaults, and `--sim` alone never swallows the layout', () => {
    const { options, positional } = parse(['--sim', 'layout.tsv']);
    expect(positional).toEqual(['layout.tsv']);
    expect(options).toMatchObject({
      sim: 1,
      simSoc: 'mp15',
      simFault: [],
      simSpeed: { kind: 'realistic' },
      simFirmware: 'auto',
    });
    expect(parse([]).options.sim).toBeUndefined();
  });

  it('takes `--sim 3` as three boards, and keeps the word after it otherwise', () => {
    expect(parse(['--sim', '3', 'layout.tsv'])).toMatchObject({
      options: { sim: 3 },
      positional: ['layout.tsv'],
    });
    expect(parse(['layout.tsv', '--sim', '2'])).toMatchObject({
      options: { sim: 2 },
      positional: ['layout.tsv'],
    });
    expect(parse(['--sim', '3d.tsv'])).toMatchObject({ options: { sim: 1 }, positional: ['3d.tsv'] });
    expect(normalizeSimArgs(['--', '--sim', '3'])).toEqual(['--', '--sim', '3']);
  });

  it('parses every option', () => {
    const { options } = parse([
      '--sim=3',
      '--sim-soc',
      'mp25',
      '--sim-fault',
      '2:no-return,slow-return=800',
      '--sim-fault',
      'full-speed',
      '--sim-speed',
      'x10',
      '--sim-firmware',
      'current',
      '--sim-medium-size',
      'mmc0=16G',
      '--sim-medium-size',
      'nor0=128M',
      '--sim-uart',
      'pty',
      '--sim-storage',
      '/tmp/x',
    ]);
    expect(options).toMatchObject({
      sim: 3,
      simSoc: 'mp25',
      simFault: ['2:no-return,slow-return=800', 'full-speed'],
      simSpeed: { kind: 'scaled', factor: 10 },
      simFirmware: 'current',
      simUart: 'pty',
      simStorage: '/tmp/x',
    });
    expect([...options.simMediumSize]).toEqual([
      ['mmc0', 16 * 1024 ** 3],
      ['nor0', 128 * 1024 ** 2],
    ]);
  });

  it('refuses bad values as usage errors', () => {
    expect(() => parse(['--sim=0'])).toThrow(/number of boards/);
    expect(() => parse(['--sim-soc', 'mp21'])).toThrow(/mp13, mp15, mp25/);
    expect(() => parse(['--sim-fault', 'melt'])).toThrow(/unknown fault/);
    expect(() => parse(['--sim-speed', 'x0'])).toThrow(/realistic, fast, or xN/);
    expect(() => parseMediumSize('mmc0=1000')).toThrow(/multiple of 512/);
    expect(() => parse(['--sim-fill', 'zz'])).toThrow(/1 to 64 bytes in hex/);
  });

  it('--sim-fill fills every memory of every board with the pattern before the run', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vboard-sim-'));
    const { options } = parse(['--sim=2', '--sim-storage', dir, '--sim-fill', '0x5aa5']);
    expect(options.simFill).toEqual(Uint8Array.of(0x5a, 0xa5));
    simulation = await startSimulation(options);
    for (const served of simulation?.boards ?? []) {
      const medium = await served.board.storage.medium('mmc0');
      expect([...(await medium.read(1023, 3))]).toEqual([0xa5, 0x5a, 0xa5]);
    }
  });

  it('applies faults to all boards or to one', () => {
    const faults = faultsForBoards(['2:no-return', 'full-speed'], 2);
    expect(faults[0]).toMatchObject({ noReturn: false, fullSpeed: true });
    expect(faults[1]).toMatchObject({ noReturn: true, fullSpeed: true });
    expect(faultsForBoards(['3:no-return'], 2)).toEqual(['--sim-fault names board 3, but there are 2']);
  });

  it('auto firmware follows the SSBL: .stm32 means 2019, a FIP (or nothing) current', () => {
    expect(firmwareForSsbl(stm32Image('v1_0', 1024))).toBe('2019');
    expect(firmwareForSsbl(fipImage(1024))).toBe('current');
    expect(firmwareForSsbl(undefined)).toBe('current');
  });

  it('starts N boards on neighbouring ports with their own storage, and says where', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vboard-sim-'));
    const { options } = parse(['--sim=2', '--sim-speed', 'fast', '--sim-storage', dir]);
    simulation = await startSimulation(options, { ssblHead: stm32Image('v1_0', 512) });
    expect(simulation?.generation).toBe('2019');
    const devices = (await simulation?.backend.list()) ?? [];
    expect(devices.map((device) => device.identity.portNumbers)).toEqual([[1], [2]]);
    expect(devices.every((device) => device.identity.virtual)).toBe(true);
    expect(new Set(devices.map((device) => device.identity.serial)).size).toBe(2);
    expect(simulation?.messages[0]).toBe(`Virtual board memories: ${dir}`);
    expect(simulation?.boards.map((board) => board.board.storage.directory)).toEqual([
      join(dir, 'board-1'),
      join(dir, 'board-2'),
    ]);
    await expect(startSimulation({ ...options, simSoc: 'mp13', simFirmware: '2019' })).rejects.toThrow(
      /mp15 only/,
    );
  });

  it('--sim-platform threads the listing of that OS to the virtual bus (default: the host)', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vboard-sim-'));
    expect(parse(['--sim']).options.simPlatform).toBeUndefined();
    expect(() => parse(['--sim-platform', 'beos'])).toThrow(/linux, win32, darwin/);
    const { options } = parse([
      '--sim',
      '--sim-speed',
      'fast',
      '--sim-storage',
      dir,
      '--sim-platform',
      'darwin',
    ]);
    simulation = await startSimulation(options);
    const [device] = (await simulation?.backend.list()) ?? [];
    expect(device?.identity).toMatchObject({
      product: null,
      serial: null,
      speed: 'unknown',
      portNumbers: [1],
    });
  });
});
