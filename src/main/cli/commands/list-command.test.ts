import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-program';
import { exitCodes } from '../exit-codes';
import { fakeCliIo } from '../fake-cli-io';

describe('list', () => {
  it('--json lists the virtual boards with stage, SoC, serial, speed, port and usbN index', async () => {
    const io = fakeCliIo();
    expect(
      await runCli(['list', '--json', '--sim=2', '--sim-soc', 'mp25', '--sim-fault', '2:full-speed'], io),
    ).toBe(exitCodes.success);
    const listed = JSON.parse(io.out()) as { schemaVersion: number; devices: Record<string, unknown>[] };
    expect(listed.schemaVersion).toBe(1);
    expect(listed.devices).toEqual([
      expect.objectContaining({
        index: 'usb1',
        port: '1-1',
        stage: 'rom',
        soc: 'mp25',
        speed: 'high',
        virtual: true,
      }),
      expect.objectContaining({
        index: 'usb2',
        port: '1-2',
        stage: 'rom',
        soc: 'mp25',
        speed: 'full',
        virtual: true,
      }),
    ]);
    expect(listed.devices[0]?.serial).toMatch(/^[0-9A-F]{24}$/);
  });

  it('prints a table, and the CubeProgrammer form -l usb lists too', async () => {
    const io = fakeCliIo();
    expect(await runCli(['list', '--sim'], io)).toBe(exitCodes.success);
    expect(io.out()).toMatch(/^Index +Port +Stage +SoC +Speed +Serial +Product$/m);
    expect(io.out()).toMatch(
      /^usb1 +1-1 +rom +mp15 +high +[0-9A-F]{24} +DFU in HS Mode @Device ID \/0x500.*\(virtual\)$/m,
    );
    const cube = fakeCliIo();
    expect(await runCli(['-l', 'usb'], cube)).toBe(exitCodes.success);
    expect(cube.out()).toMatch(/No STM32MP board|usb1/);
  });

  it('shows the same boards under --sim-platform linux, win32 and darwin; only the speed is unknown off Linux', async () => {
    const listings = [];
    for (const platform of ['linux', 'win32', 'darwin']) {
      const io = fakeCliIo();
      expect(await runCli(['list', '--json', '--sim=3', '--sim-platform', platform], io)).toBe(
        exitCodes.success,
      );
      const { devices } = JSON.parse(io.out()) as { devices: Record<string, unknown>[] };
      listings.push(devices);
    }
    const [linux, win32, darwin] = listings;
    const same = (devices: Record<string, unknown>[] | undefined) =>
      (devices ?? []).map(({ speed: _speed, ...board }) => board);
    expect(linux).toHaveLength(3);
    expect(same(win32)).toEqual(same(linux));
    expect(same(darwin)).toEqual(same(linux));
    expect(linux?.map((board) => board.speed)).toEqual(['high', 'high', 'high']);
    expect(win32?.map((board) => board.speed)).toEqual(['unknown', 'unknown', 'unknown']);
    expect(linux?.every((board) => typeof board.serial === 'string' && board.product !== null)).toBe(true);
  });
});
