import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Soc } from '../../../shared/board';
import { dfuRequest, dfuRequestType } from '../../protocol/dfu';
import { stm32HeaderVersionBySoc } from '../../protocol/stm32-header';
import { noFaults } from '../board/board-faults';
import type { BoardFarm } from '../sim/board-farm';
import { startBoardFarm } from '../sim/board-farm';
import { phaseLedRun } from './phase-led-run';
import type { UsbTransport } from '../../usb/usb-transport';
import {
  altForPhase,
  alternateNames,
  downloadBlocks,
  getPhase,
  getStatus,
  manifest,
  openClaimed,
  simpleRequest,
  transferSize,
  upload,
  waitForDevice,
} from './raw-dfu-host';
import { fipImage, stm32Image } from './test-images';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

const mp13Layout = [
  '#Opt\tId\tName\tType\tIP\tOffset\tBinary',
  '-\t0x01\tfsbl-boot\tBinary\tnone\t0x0\ttf-a.stm32',
  '-\t0x03\tfip-boot\tFIP\tnone\t0x0\tfip.bin',
  'P\t0x04\tfsbl1\tBinary\tmmc0\t0x00004400\ttf-a.stm32',
  '',
].join('\n');

/**
 * The standard requests a real kernel and `lsusb -v` send (issue 21 item 5, findings §13), as every stage answers
 * them: GET_STATUS self powered, the 10-byte device qualifier, iConfiguration 2 (the product string), and the DFU
 * functional descriptor to GET_DESCRIPTOR(0x21) on the interface (a STALL on the device).
 */
async function expectStandardAnswers(transport: UsbTransport, product: string): Promise<void> {
  const read = (requestType: number, request: number, value: number, length: number): Promise<Uint8Array> =>
    transport.controlTransferIn({ requestType, request, value, index: 0 }, length, 1000);
  // TF-A usb_core_get_status (USB_CONFIG_SELF_POWERED); U-Boot dwc2 udc_get_status (0x1 "Self powered").
  expect(hex(await read(0x80, 0, 0, 2))).toBe('0100');
  // TF-A usbd_stm32mp1_qualifier_desc; U-Boot composite.c device_qual() (USB_GADGET_DUALSPEED).
  expect(hex(await read(0x80, 6, 0x0600, 10))).toBe('0a060002000000400100');
  // TF-A usb_stm32mp1_config_desc `0x02, iConfiguration`; U-Boot g_dnl.c STRING_USBDOWN 2.
  const config = await read(0x80, 6, 0x0200, 512);
  expect(config[6]).toBe(2);
  expect(await transport.getStringDescriptor(config[6] ?? 0)).toBe(product);
  // TF-A usb_dfu_setup: `pbuf += len - 9U` of the configuration descriptor; U-Boot f_dfu.c dfu_handle `dfu_func`.
  expect(hex(await read(0x81, 6, 0x2100, 255))).toBe(hex(config.subarray(-9)));
  await expect(read(0x80, 6, 0x2100, 255)).rejects.toMatchObject({ code: 'stall' });
}

describe('stage identities over raw control transfers (spec §2, §3.2)', () => {
  let dir = '';
  let farm: BoardFarm | null = null;
  afterEach(async () => {
    await farm?.close();
    farm = null;
    await rm(dir, { recursive: true, force: true });
  });

  async function start(soc: Soc): Promise<BoardFarm> {
    dir = await mkdtemp(join(tmpdir(), 'vboard-id-'));
    farm = await startBoardFarm({
      count: 1,
      soc,
      generation: 'current',
      faults: [noFaults],
      speed: { kind: 'fast' },
      storageDir: dir,
    });
    return farm;
  }

  it.each([
    ['mp15', 'DFU in HS Mode @Device ID /0x500, @Revision ID /0x0000', '010024fc2f00000000', 6],
    ['mp13', 'DFU in HS Mode @Device ID /0x501, @Revision ID /0x1003', '010000fe2f00000000', 2],
    ['mp25', 'DFU in HS Mode @Device ID /0x505, @Revision ID /0x2000', '010026000e00000000', 2],
  ] as const)(
    '%s ROM: descriptors, strings, functional descriptor and GetPhase bytes (model choices romAltsMp13Mp25, romGetPhaseAddress)',
    async (soc, product, phaseBytes, altCount) => {
      const board = await start(soc);
      const entry = await waitForDevice(board.backend);
      const transport = await openClaimed(board.backend, entry);
      const device = await transport.controlTransferIn(
        { requestType: 0x80, request: 6, value: 0x0100, index: 0 },
        18,
        1000,
      );
      expect(hex(device)).toBe('12010002000000408304' + '11df' + '0002' + '010203' + '01');
      expect(await transport.getStringDescriptor(1)).toBe('STMicroelectronics');
      expect(await transport.getStringDescriptor(2)).toBe(product);
      expect(await transport.getStringDescriptor(3)).toMatch(/^[0-9A-F]{24}$/);
      const config = await transport.controlTransferIn(
        { requestType: 0x80, request: 6, value: 0x0200, index: 0 },
        512,
        1000,
      );
      expect(config.length).toBe(9 + altCount * 9 + 9);
      expect(hex(config.subarray(-9))).toBe('09210fff0000041001');
      const names = await alternateNames(transport);
      expect(names).toHaveLength(altCount);
      expect(names[soc === 'mp15' ? 1 : 0]).toMatch(/^@FSBL \/0x01\/1\*/);
      expect(names.at(-1)).toBe('@virtual /0xF1/1*512Ba');
      await transport.setAlternateSetting(0, altCount - 1);
      expect(hex(await upload(transport, 512))).toBe(phaseBytes);
      expect((await getStatus(transport)).state).toBe(2);
    },
  );

  it.each(['mp15', 'mp13', 'mp25'] as const)(
    '%s ROM: GET_STATUS, device qualifier, iConfiguration, functional descriptor as TF-A (model choice romStandardRequestsAsTfa)',
    async (soc) => {
      const board = await start(soc);
      const entry = await waitForDevice(board.backend);
      const transport = await openClaimed(board.backend, entry);
      await expectStandardAnswers(transport, entry.identity.product ?? '');
    },
  );

  it('mp13 TF-A, U-Boot FlashLayout and partitions gadgets: GET_STATUS, device qualifier, iConfiguration, functional descriptor (issue 21 items 2-5)', async () => {
    const board = await start('mp13');
    const fsbl = stm32Image(stm32HeaderVersionBySoc.mp13, 8192);
    const record = await phaseLedRun(board.backend, new Map([[0x01, fsbl]]), { stopAfterDetaches: 1 });
    const tfaEntry = await waitForDevice(
      board.backend,
      (candidate) => candidate.key !== record.detached?.key,
    );
    expect(board.boards[0]?.stage).toBe('tfa');
    const tfa = await openClaimed(board.backend, tfaEntry);
    await expectStandardAnswers(tfa, tfaEntry.identity.product ?? '');
    const fip = fipImage(4096);
    await downloadBlocks(tfa, 0, fip);
    await manifest(tfa, Math.ceil(fip.length / transferSize(tfa)));
    await simpleRequest(tfa, dfuRequest.detach, 1000);
    const layoutEntry = await waitForDevice(board.backend, (candidate) => candidate.key !== tfaEntry.key);
    expect(board.boards[0]?.stage).toBe('uboot-layout');
    const layoutGadget = await openClaimed(board.backend, layoutEntry);
    await expectStandardAnswers(layoutGadget, layoutEntry.identity.product ?? '');
    const names = await alternateNames(layoutGadget);
    await downloadBlocks(layoutGadget, altForPhase(names, 0x00), new TextEncoder().encode(mp13Layout));
    await manifest(layoutGadget, 1);
    await simpleRequest(layoutGadget, dfuRequest.detach, 1000);
    const partitions = await waitForDevice(board.backend, (candidate) => candidate.key !== layoutEntry.key);
    expect(board.boards[0]?.stage).toBe('uboot-partitions');
    await expectStandardAnswers(
      await openClaimed(board.backend, partitions),
      partitions.identity.product ?? '',
    );
  });

  it('mp15 TF-A and U-Boot: GetPhase bytes, alternates, wTransferSize 4096, wLength < 9 refused (model choice tfaDownloadBuffers)', async () => {
    const board = await start('mp15');
    const images = new Map([
      [0x01, stm32Image(stm32HeaderVersionBySoc.mp15, 8192)],
      [0x03, fipImage(4096)],
    ]);
    // Stop at TF-A's DETACH: before it, TF-A answered 0x03 + its buffer address, then 0x00 + FFFFFFFF + 01.
    const record = await phaseLedRun(board.backend, images, { stopAfterDetaches: 1 });
    expect(record.phases).toEqual([0x01, 0x03, 0x00]);
    const uboot = await waitForDevice(board.backend, (entry) => entry.key !== record.detached?.key);
    const transport = await openClaimed(board.backend, uboot);
    expect(await alternateNames(transport)).toEqual([
      '@FlashLayout/0x00/1*256Ke',
      '@virtual/0xf1/1*512Be',
      '@OTP/0xf2/1*776Be',
      '@PMIC/0xf4/1*8Be',
    ]);
    const extra = transport.configurationDescriptor.interfaces[0]?.at(-1)?.extra ?? new Uint8Array(0);
    expect(hex(extra)).toBe('09210f00000010' + '1001');
    const names = await alternateNames(transport);
    const phase = await getPhase(transport, names);
    expect(phase).toMatchObject({ phase: 0x00, address: 0xc2000000, offset: 0 });
    expect([...phase.extra]).toEqual([0]);
    await expect(
      transport.controlTransferIn(
        { requestType: dfuRequestType.in, request: dfuRequest.upload, value: 0, index: 0 },
        8,
        1000,
      ),
    ).rejects.toMatchObject({ code: 'stall' });
    expect(board.boards[0]?.console.lines()).toContain('request exceeds allowed area');
  });

  it('mp15 TF-A refuses an SSBL that is not a FIP with its own text', async () => {
    const board = await start('mp15');
    const images = new Map([
      [0x01, stm32Image('v1_0', 8192)],
      [0x03, stm32Image('v1_0', 8192)],
    ]);
    await expect(phaseLedRun(board.backend, images)).rejects.toThrow();
    const [entry] = await board.backend.list();
    const transport = await openClaimed(board.backend, entry!);
    await transport.controlTransferOut(
      { requestType: dfuRequestType.out, request: dfuRequest.abort, value: 0, index: 0 },
      new Uint8Array(0),
      1000,
    );
    const phase = await getPhase(transport, await alternateNames(transport));
    expect(phase.phase).toBe(0xff);
    expect(Buffer.from(phase.extra).toString('latin1')).toBe('FIP Header check failed for phase 3');
  });

  it('mp15 ROM keeps waiting after a bad FSBL (model choice romBadFsbl)', async () => {
    const board = await start('mp15');
    const bad = stm32Image('v2_0', 8192);
    // The ROM answers dfuMANIFEST/OK, then dfuERROR/errUNKNOWN; the host's next GetPhase UPLOAD in dfuERROR is STALLed.
    await expect(phaseLedRun(board.backend, new Map([[0x01, bad]]))).rejects.toMatchObject({ code: 'stall' });
    const [entry] = await board.backend.list();
    const transport = await openClaimed(board.backend, entry!);
    expect(await getStatus(transport)).toMatchObject({ state: 10, status: 0x0e });
    expect(board.boards[0]?.stageHistory).toEqual(['rom']);
  });
});
