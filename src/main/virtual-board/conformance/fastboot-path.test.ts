import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { stm32HeaderVersionBySoc } from '../../protocol/stm32-header';
import { guidString } from '../uboot/gpt-guid';
import { fipImage, stm32Image } from './test-images';
import { legacyScriptImage, sparseImage } from './fastboot-test-images';
import type { FastbootBench } from './fastboot-run';
import { gptOf, startBench, toFastboot } from './fastboot-run';
import { phaseLedRun } from './phase-led-run';
import { waitForDevice } from './raw-dfu-host';
import { bulkEndpoints, fastbootCommand, fastbootDownload } from './raw-fastboot-host';

const rootfsUuid = '491F6117-415D-4F53-88C9-6E0DE54DEAC6';
const partitions = [
  'name=fip,start=0x80000,size=0x400000,type=19D5DF83-11B0-457B-BE2C-7559C13142A5',
  'name=bootfs,start=0x480000,size=0x1000000,type=linux,bootable',
  `name=rootfs,start=0x1480000,size=-,type=linux,uuid=${rootfsUuid}`,
].join(';');
const script = `env set partitions "${partitions}"\nfastboot usb 0\n`;

describe('the fast path on the virtual board: script on alt 0, then U-Boot fastboot on 0483:0afb', () => {
  let bench: FastbootBench | null = null;
  afterEach(async () => {
    await bench?.close();
    bench = null;
  });

  it('re-enumerates as 0483:0afb with the fastboot interface, serves getvar, oem format, raw and sparse flashes', async () => {
    bench = await startBench('mp15');
    const board = bench.farm;
    const { transport, serial } = await toFastboot(board, 'mp15', { uboot: '2023.10-stm32mp-r1' }, script);
    const vboard = board.boards[0]!;
    expect(vboard.stage).toBe('uboot-fastboot');
    expect(vboard.console.lines()).toContain('U-Boot script received');
    expect(transport.identity.serial).toBe(serial);
    expect(transport.identity.product).toBe('USB download gadget');
    const alt = transport.configurationDescriptor.interfaces[0]?.[0];
    expect([alt?.bInterfaceClass, alt?.bInterfaceSubClass, alt?.bInterfaceProtocol]).toEqual([
      0xff, 0x42, 0x03,
    ]);
    expect(await transport.getStringDescriptor(alt?.iInterface ?? 0)).toBe('Android Fastboot');
    expect(bulkEndpoints(transport)).toEqual({ inEndpoint: 0x81, outEndpoint: 0x02, maxPacketSize: 512 });
    const osString = await transport.controlTransferIn(
      { requestType: 0x80, request: 6, value: 0x03ee, index: 0 },
      255,
      1000,
    );
    expect(Buffer.from(osString).toString('hex')).toBe('12034d00530046005400310030003000' + '4000');
    await expect(
      transport.controlTransferIn({ requestType: 0xc0, request: 0x40, value: 0, index: 4 }, 16, 1000),
    ).rejects.toThrow('stalled');

    expect(await fastbootCommand(transport, 'getvar:version')).toBe('OKAY0.4');
    expect(await fastbootCommand(transport, 'getvar:max-download-size')).toBe('OKAY0x02000000');
    expect(await fastbootCommand(transport, 'getvar:serialno')).toBe(`OKAY${serial}`);
    expect(await fastbootCommand(transport, 'getvar:all')).toBe('FAILVariable not implemented');
    expect(await fastbootCommand(transport, 'download:02000001')).toBe('FAIL02000001');
    expect(await fastbootCommand(transport, 'oem run:reset')).toBe('FAILUnsupported command');
    expect(await fastbootCommand(transport, 'getvar:partition-size:rootfs')).toBe(
      'FAILinvalid partition or device',
    );

    expect(await fastbootCommand(transport, 'oem format')).toBe('OKAY');
    expect(vboard.console.lines()).toContain('Execute: gpt write mmc 1 $partitions');
    expect(vboard.console.lines()).toContain('Writing GPT: success!');
    const gpt = await gptOf(board, 'mmc1');
    expect(gpt?.map((entry) => [entry.name, entry.startLba])).toEqual([
      ['fip', 0x80000 / 512],
      ['bootfs', 0x480000 / 512],
      ['rootfs', 0x1480000 / 512],
    ]);
    const mmc1 = await vboard.storage.medium('mmc1');
    const lastUsable = mmc1.size / 512 - 34;
    expect(gpt?.at(-1)?.endLba).toBe(lastUsable);
    const entries = await mmc1.read(1024, 3 * 128);
    expect(guidString(entries.subarray(2 * 128 + 16, 2 * 128 + 32))).toBe(rootfsUuid);
    expect(entries[128 + 48]).toBe(4); // bootable: legacy BIOS bootable on bootfs only
    expect(entries[48]).toBe(0);
    expect(await fastbootCommand(transport, 'getvar:partition-size:fip')).toBe('OKAY0x0000000000400000');

    const fip = new Uint8Array(randomBytes(1024 * 1024 + 100));
    expect(await fastbootDownload(transport, fip)).toBe('OKAY');
    expect(await fastbootCommand(transport, 'flash:fip')).toBe('OKAY');
    expect(Buffer.compare(await mmc1.read(0x80000, fip.length), fip)).toBe(0);

    expect(await fastbootCommand(transport, 'getvar:partition-type:fip')).toBe('FAILfailed to set partition');
    const ext4 = new Uint8Array(4096);
    ext4.set([0x53, 0xef], 1080); // s_magic
    expect(await fastbootDownload(transport, ext4)).toBe('OKAY');
    expect(await fastbootCommand(transport, 'flash:bootfs')).toBe('OKAY');
    expect(await fastbootCommand(transport, 'getvar:partition-type:bootfs')).toBe('OKAYext4');

    const rootfs = 0x1480000;
    await mmc1.write(rootfs, new Uint8Array(16 * 4096).fill(0xa5));
    const first = new Uint8Array(randomBytes(2 * 4096));
    const last = new Uint8Array(randomBytes(4096));
    const sparse = sparseImage(4096, [
      { raw: first },
      { dontCare: 5 },
      { fill: 0xdeadbeef, blocks: 3 },
      { raw: last },
    ]);
    expect(await fastbootDownload(transport, sparse)).toBe('OKAY');
    expect(await fastbootCommand(transport, 'flash:rootfs')).toBe('OKAY');
    const written = await mmc1.read(rootfs, 11 * 4096);
    expect(Buffer.compare(written.subarray(0, 8192), first)).toBe(0);
    expect(written.subarray(2 * 4096, 7 * 4096).every((byte) => byte === 0xa5)).toBe(true);
    expect(Buffer.from(written.subarray(7 * 4096, 7 * 4096 + 8)).toString('hex')).toBe('efbeaddeefbeadde');
    expect(Buffer.compare(written.subarray(10 * 4096), last)).toBe(0);
    expect(vboard.console.lines()).toContain('Flashing Sparse Image');

    const withCrc = sparseImage(4096, [{ raw: first }, { crc32: 0x12345678 }]);
    expect(await fastbootDownload(transport, withCrc)).toBe('OKAY');
    expect(await fastbootCommand(transport, 'flash:rootfs')).toBe(
      'FAILBogus chunk size for chunk type Dont Care',
    );
    expect(await fastbootCommand(transport, 'flash:nosuch')).toBe('FAILinvalid partition or device');

    expect(await fastbootCommand(transport, 'reboot')).toBe('OKAY');
    await waitForDevice(board.backend, (candidate) => candidate.identity.productId === 0xdf11);
    expect(vboard.stage).toBe('rom');
  });

  it('a U-Boot too old for scripts parses the script as a FlashLayout and refuses it', async () => {
    bench = await startBench('mp15');
    const board = bench.farm;
    const images = new Map([
      [0x00, legacyScriptImage(script)],
      [0x01, stm32Image(stm32HeaderVersionBySoc.mp15, 8192)],
      [0x03, fipImage(64 * 1024, { uboot: '2020.10-stm32mp-r2' })],
    ]);
    await expect(phaseLedRun(board.backend, images)).rejects.toThrow(
      'board error: Layout: invalid FlashLayout',
    );
    expect(board.boards[0]!.console.lines()).not.toContain('U-Boot script received');
  });
});
