import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Stage } from '../../../shared/board';
import type { BoardClock } from '../timing/board-clock';
import { isUsbError } from '../../usb/usb-error';
import { addFault, noFaults } from '../board/board-faults';
import type { BoardFaults } from '../board/board-faults';
import type { VirtualBoard } from '../board/virtual-board';
import { legacyScriptImage } from './fastboot-test-images';
import type { FastbootBench } from './fastboot-run';
import { gptOf, scriptRun, startBench, toFastboot } from './fastboot-run';
import { waitForDevice } from './raw-dfu-host';
import { bulkEndpoints, fastbootCommand, fastbootDownload } from './raw-fastboot-host';

const partitions =
  'name=fip,start=0x80000,size=0x400000,type=linux;name=rootfs,start=0x480000,size=-,type=linux';
const script = `env set partitions "${partitions}"\nfastboot usb 0\n`;

function faults(...texts: string[]): BoardFaults {
  let result: BoardFaults = noFaults;
  for (const text of texts) {
    const next = addFault(result, text);
    if (typeof next === 'string') throw new Error(next);
    result = next;
  }
  return result;
}

/** Resolves once the board has entered `stage` (at once when it already has). */
function untilStage(board: VirtualBoard, stage: Stage): Promise<void> {
  return new Promise((resolve) => {
    if (board.stageHistory.includes(stage)) resolve();
    board.onStage((entered) => {
      if (entered === stage) resolve();
    });
  });
}

describe('virtual firmwares and faults on the fast path', () => {
  let bench: FastbootBench | null = null;
  afterEach(async () => {
    await bench?.close();
    bench = null;
  });

  it('a fastboot-sdcard FIP formats and flashes mmc0 and knows no eMMC boot areas', async () => {
    bench = await startBench('mp15');
    const { transport } = await toFastboot(
      bench.farm,
      'mp15',
      { uboot: '2023.10-stm32mp-r1', fastboot: 'sdcard' },
      script,
    );
    expect(await fastbootCommand(transport, 'oem format')).toBe('OKAY');
    expect((await gptOf(bench.farm, 'mmc0'))?.map((entry) => entry.name)).toEqual(['fip', 'rootfs']);
    expect(await gptOf(bench.farm, 'mmc1')).toBeNull();
    expect(await fastbootDownload(transport, new Uint8Array(1024).fill(7))).toBe('OKAY');
    expect(await fastbootCommand(transport, 'flash:mmc1boot0')).toBe('FAILinvalid partition or device');
    expect(await fastbootCommand(transport, 'oem partconf:1 1')).toBe('FAILCannot set oem partconf');
  });

  it('stock MP13 flashes mmc0 without `oem bootbus`; stock MP25 flashes mmc1 boot areas, OUT endpoint 0x01', async () => {
    bench = await startBench('mp13');
    const mp13 = await toFastboot(bench.farm, 'mp13', { uboot: '2023.10-stm32mp-r1' }, script);
    expect(bulkEndpoints(mp13.transport)).toEqual({
      inEndpoint: 0x81,
      outEndpoint: 0x02,
      maxPacketSize: 512,
    });
    expect(await fastbootCommand(mp13.transport, 'oem format')).toBe('OKAY');
    expect((await gptOf(bench.farm, 'mmc0'))?.length).toBe(2);
    expect(await fastbootCommand(mp13.transport, 'oem bootbus:8 0 0')).toBe('FAILUnsupported command');
    await bench.close();

    bench = await startBench('mp25');
    const mp25 = await toFastboot(bench.farm, 'mp25', { uboot: '2023.10-stm32mp-r1' }, script);
    expect(bulkEndpoints(mp25.transport)).toEqual({
      inEndpoint: 0x81,
      outEndpoint: 0x01,
      maxPacketSize: 512,
    });
    const boot = new Uint8Array(randomBytes(3000));
    expect(await fastbootDownload(mp25.transport, boot)).toBe('OKAY');
    expect(await fastbootCommand(mp25.transport, 'flash:mmc1boot1')).toBe('OKAY');
    const area = await bench.farm.boards[0]!.storage.medium('mmc1-boot2');
    expect(Buffer.compare(await area.read(0, boot.length), boot)).toBe(0);
    expect(await fastbootCommand(mp25.transport, 'oem partconf:1 1')).toBe('OKAY');
    expect(await fastbootCommand(mp25.transport, 'oem bootbus:8 0 0')).toBe('OKAY');
  });

  it('a FIP without a version string is the current U-Boot; Full Speed has 64-byte packets', async () => {
    bench = await startBench('mp15', faults('full-speed'));
    const { transport } = await toFastboot(bench.farm, 'mp15', null, `echo hello\nmmc dev 1\n${script}`);
    expect(bulkEndpoints(transport).maxPacketSize).toBe(64);
    const lines = bench.farm.boards[0]!.console.lines();
    expect(lines).toContain('hello');
    expect(lines.some((line) => line.includes("does not run 'mmc dev 1'"))).toBe(true);
    expect(await fastbootDownload(transport, new Uint8Array(randomBytes(10_001)), 4096)).toBe('OKAY');
    expect(await fastbootCommand(transport, 'getvar:version-bootloader')).toBe(
      'OKAYU-Boot 2023.10-stm32mp-r2',
    );
  });

  it('a script with a bad header CRC is refused after the DETACH: the board leaves, never 0afb', async () => {
    bench = await startBench('mp15');
    await scriptRun(
      bench.farm,
      'mp15',
      { uboot: '2023.10-stm32mp-r1' },
      legacyScriptImage(script, { badHeaderCrc: true }),
    );
    const board = bench.farm.boards[0]!;
    await untilStage(board, 'done');
    expect(board.console.lines()).toContain('Bad header crc');
    expect(board.stageHistory).not.toContain('uboot-fastboot');
  });

  it('unplug=download:<n> loses the board in the middle of a download', async () => {
    bench = await startBench('mp15', faults('unplug=download:3'));
    const { transport } = await toFastboot(bench.farm, 'mp15', {}, script);
    const failure = await fastbootDownload(transport, new Uint8Array(64 * 1024), 4096).catch(
      (error: unknown) => error,
    );
    expect(isUsbError(failure, 'no-device')).toBe(true);
    expect(bench.farm.boards[0]!.attached).toBe(false);
  });

  it('fastboot-no-return: the fastboot gadget never enumerates', async () => {
    bench = await startBench('mp15', faults('fastboot-no-return'));
    await scriptRun(bench.farm, 'mp15', {}, legacyScriptImage(script));
    const board = bench.farm.boards[0]!;
    await untilStage(board, 'uboot-fastboot');
    await expect(
      waitForDevice(bench.farm.backend, (candidate) => candidate.identity.productId === 0x0afb, 300),
    ).rejects.toThrow('no device attached in time');
  });

  it('flash-fail=<name>: the flash FAILs as on a failing card, quoting U-Boot', async () => {
    bench = await startBench('mp15', faults('flash-fail=fip'));
    const { transport } = await toFastboot(bench.farm, 'mp15', {}, script);
    expect(await fastbootCommand(transport, 'oem format')).toBe('OKAY');
    expect(await fastbootDownload(transport, new Uint8Array(4096))).toBe('OKAY');
    expect(await fastbootCommand(transport, 'flash:fip')).toBe('FAILfailed writing to device');
    expect(await fastbootCommand(transport, 'flash:rootfs')).toBe('OKAY');
  });

  it('an IN transfer the host gave up on leaves the response for the next one', async () => {
    bench = await startBench('mp15');
    const { transport } = await toFastboot(bench.farm, 'mp15', {}, script);
    const failure = await transport.bulkTransferIn(0x81, 64, 30).catch((error: unknown) => error);
    expect(isUsbError(failure, 'timeout')).toBe(true);
    expect(await fastbootCommand(transport, 'getvar:version')).toBe('OKAY0.4');
  });

  it('erase clears the erase groups the partition wholly holds', async () => {
    bench = await startBench('mp15');
    const { transport } = await toFastboot(bench.farm, 'mp15', {}, script);
    expect(await fastbootCommand(transport, 'oem format')).toBe('OKAY');
    const mmc1 = await bench.farm.boards[0]!.storage.medium('mmc1');
    await mmc1.write(0x80000, new Uint8Array(0x400000).fill(1));
    expect(await fastbootCommand(transport, 'erase:fip')).toBe('OKAY');
    expect((await mmc1.read(0x80000, 0x400000)).every((byte) => byte === 0)).toBe(true);
  });

  it('times transfer, then write, one after the other (model choices fastbootRequestMs, fastbootWriteAfterDownload)', async () => {
    let slept = 0;
    const clock: BoardClock = {
      now: () => slept,
      sleep: (ms) => {
        slept += ms;
        return new Promise((resolve) => setImmediate(resolve));
      },
    };
    bench = await startBench('mp15', noFaults, { clock });
    const { transport } = await toFastboot(bench.farm, 'mp15', {}, script);
    expect(await fastbootCommand(transport, 'oem format')).toBe('OKAY');
    const before = slept;
    expect(await fastbootDownload(transport, new Uint8Array(1024 * 1024).fill(3))).toBe('OKAY');
    const download = slept - before;
    expect(await fastbootCommand(transport, 'flash:fip')).toBe('OKAY');
    const write = slept - before - download;
    expect(download).toBeGreaterThan(256 * 0.164 - 1);
    expect(download).toBeLessThan(256 * 0.164 + 5);
    expect(write).toBeGreaterThan((1024 * 1024) / 20_000 - 1);
    expect(write).toBeLessThan((1024 * 1024) / 20_000 + 12); // + the console lines at 115200 baud
  });
});
