import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { noFaults } from '../board/board-faults';
import type { BoardFarm } from '../sim/board-farm';
import { startBoardFarm } from '../sim/board-farm';
import type { UsbDeviceEntry } from '../../usb/usb-backend';
import type { VirtualBoard } from '../board/virtual-board';
import type { SimPlatform } from './sim-platform';
import { hostSimPlatform } from './sim-platform';
import { VirtualBus } from './virtual-bus';

describe('the virtual bus lists devices as npm usb 2.18 does on each platform', () => {
  const farms: BoardFarm[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(farms.splice(0).map((farm) => farm.close()));
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  async function listedOn(platform: SimPlatform): Promise<{ listed: UsbDeviceEntry; farm: BoardFarm }> {
    const dir = await mkdtemp(join(tmpdir(), `vboard-${platform}-`));
    dirs.push(dir);
    const farm = await startBoardFarm({
      count: 1,
      soc: 'mp15',
      generation: 'current',
      faults: [noFaults],
      speed: { kind: 'fast' },
      storageDir: dir,
      platform,
    });
    farms.push(farm);
    const [listed] = await farm.backend.list();
    return { listed: listed!, farm };
  }

  it('the same board under linux, win32 and darwin: strings and speed only where the platform gives them unopened', async () => {
    const linux = (await listedOn('linux')).listed.identity;
    expect(linux).toMatchObject({
      vendorId: 0x0483,
      productId: 0xdf11,
      bcdDevice: 0x0200,
      manufacturer: 'STMicroelectronics',
      busNumber: 1,
      portNumbers: [1],
      speed: 'high',
    });
    expect(linux.product).toMatch(/^DFU in HS Mode/);
    expect(linux.serial).toMatch(/^[0-9A-F]{24}$/);
    for (const platform of ['win32', 'darwin'] as const) {
      const { listed, farm } = await listedOn(platform);
      expect(listed.identity).toEqual({
        ...linux,
        manufacturer: null,
        product: null,
        serial: null,
        speed: 'unknown',
      });
      // Opened, the device still answers its string descriptors.
      const transport = await farm.backend.open(listed);
      expect(await transport.getStringDescriptor(2)).toBe(linux.product);
      expect(await transport.getStringDescriptor(3)).toBe(linux.serial);
      await transport.close();
    }
  });

  it('attach and detach events carry the platform listing too', async () => {
    const { listed: linuxEntry } = await listedOn('linux');
    const bus = new VirtualBus('darwin');
    const events: UsbDeviceEntry[] = [];
    bus.on('attach', (entry) => events.push(entry));
    bus.on('detach', (entry) => events.push(entry));
    const board = {
      index: 0,
      enumeration: 1,
      identity: () => linuxEntry.identity,
    } as unknown as VirtualBoard;
    bus.attached(board);
    bus.detached(board);
    expect(events.map((entry) => [entry.identity.product, entry.identity.speed])).toEqual([
      [null, 'unknown'],
      [null, 'unknown'],
    ]);
  });

  it('defaults to the host platform, Linux for any OS but Windows and macOS', () => {
    expect(hostSimPlatform('win32')).toBe('win32');
    expect(hostSimPlatform('darwin')).toBe('darwin');
    expect(hostSimPlatform('linux')).toBe('linux');
    expect(hostSimPlatform('freebsd')).toBe('linux');
  });
});
