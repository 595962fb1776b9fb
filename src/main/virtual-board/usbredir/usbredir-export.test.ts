import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Soc } from '../../../shared/board';
import { dfuRequest, usbDescriptorType } from '../../protocol/dfu';
import { stm32HeaderVersionBySoc } from '../../protocol/stm32-header';
import type { BoardFaults } from '../board/board-faults';
import { noFaults } from '../board/board-faults';
import {
  altForPhase,
  alternateNames,
  downloadBlocks,
  getPhase,
  manifest,
  simpleRequest,
  transferSize,
} from '../conformance/raw-dfu-host';
import { phaseLedRun } from '../conformance/phase-led-run';
import { dataImage, fipImage, stm32Image } from '../conformance/test-images';
import type { BoardFarm } from '../sim/board-farm';
import { startBoardFarm } from '../sim/board-farm';
import { configurationDescriptorBytes, deviceDescriptorBytes } from '../usb-device/descriptor-bytes';
import { RedirGuest } from './test-support/usbredir-guest';
import { RedirGuestBackend } from './test-support/usbredir-guest-backend';
import type { UsbredirExport } from './usbredir-export';
import { startUsbredirExport } from './usbredir-export';
import { packetType } from './usbredir-protocol';

describe('usbredir export of a virtual board, driven by an in-process usb-guest', () => {
  let farm: BoardFarm | null = null;
  let exported: UsbredirExport | null = null;
  let dir = '';
  const guests: RedirGuest[] = [];
  const lines: string[] = [];

  afterEach(async () => {
    for (const guest of guests.splice(0)) guest.close();
    await exported?.close();
    await farm?.close();
    exported = null;
    farm = null;
    lines.length = 0;
    await rm(dir, { recursive: true, force: true });
  });

  async function serve(soc: Soc, faults: BoardFaults = noFaults): Promise<number> {
    dir = await mkdtemp(join(tmpdir(), 'vboard-usbredir-'));
    farm = await startBoardFarm({
      count: 1,
      soc,
      generation: 'current',
      faults: [faults],
      speed: { kind: 'fast' },
      storageDir: dir,
    });
    const board = farm.boards[0]!;
    exported = await startUsbredirExport({
      board,
      bus: farm.bus,
      host: '127.0.0.1',
      port: 0,
      log: (line) => lines.push(line),
    });
    return exported.port;
  }

  async function guest(port: number): Promise<RedirGuest> {
    const connected = await RedirGuest.connect(port);
    guests.push(connected);
    return connected;
  }

  /** ST's wiki flow on an MP13 ROM: GetPhase, the FSBL on alt 0, DETACH on the virtual alt. */
  async function fsblThenDetach(redir: RedirGuest): Promise<void> {
    await redir.next(packetType.deviceConnect);
    const transport = await redir.open();
    const names = await alternateNames(transport);
    expect((await getPhase(transport, names)).phase).toBe(0x01);
    const fsbl = stm32Image(stm32HeaderVersionBySoc.mp13, 8192);
    await downloadBlocks(transport, altForPhase(names, 0x01), fsbl);
    await manifest(transport, Math.ceil(fsbl.length / transferSize(transport)));
    await transport.setAlternateSetting(0, altForPhase(names, 0xf1));
    await simpleRequest(transport, dfuRequest.detach, 1000);
  }

  const connectBody = (body: Uint8Array): number[] => {
    const view = Buffer.from(body);
    return [view[0]!, view.readUInt16LE(4), view.readUInt16LE(6), view.readUInt16LE(8)];
  };

  it("presents the ROM: ep_info, interface_info, device_connect in order, then descriptors and strings of the stage's identity", async () => {
    const port = await serve('mp15');
    const redir = await guest(port);
    const connect = await redir.next(packetType.deviceConnect);
    expect(connectBody(connect.body)).toEqual([2, 0x0483, 0xdf11, 0x0200]);
    const epInfo = await redir.next(packetType.epInfo);
    expect(epInfo.body.length).toBe(160);
    expect([
      epInfo.body[0],
      epInfo.body[1],
      epInfo.body[16],
      Buffer.from(epInfo.body).readUInt16LE(96),
    ]).toEqual([0, 255, 0, 64]);
    const info = await redir.next(packetType.interfaceInfo);
    expect([info.body[0], info.body[4], info.body[36], info.body[68], info.body[100]]).toEqual([
      1, 0, 0xfe, 0x01, 0x02,
    ]);
    const board = farm!.boards[0]!;
    expect(await redir.descriptor(usbDescriptorType.device, 0, 18)).toEqual(
      deviceDescriptorBytes(board.personality),
    );
    expect(await redir.descriptor(usbDescriptorType.configuration, 0, 255)).toEqual(
      configurationDescriptorBytes(board.personality),
    );
    expect(await redir.string(2)).toMatch(/^DFU in HS Mode @Device ID \/0x500, @Revision ID \/0x/);
    expect(await redir.string(1)).toBe('STMicroelectronics');
    expect(await redir.string(3)).toBe(board.identity().serial);
    expect((await redir.control({ requestType: 0x80, request: 6, value: 0x0f00, index: 0 }, 5)).status).toBe(
      4,
    );
    expect(await redir.setConfiguration(1)).toEqual([0, 1]);
    expect(await redir.setAltSetting(0, 1)).toEqual([0, 0, 1]);
    const get = redir.send(packetType.getAltSetting, Uint8Array.of(0));
    expect([...(await redir.next(packetType.altSettingStatus, (packet) => packet.id === get)).body]).toEqual([
      0, 0, 1,
    ]);
    expect(await redir.setAltSetting(0, 9)).toEqual([4, 0, 1]);
    // An endpoint other than 0, or 0 in the direction opposite to the request's: inval, the board never asked.
    const wrongEndpoint = redir.send(
      packetType.controlPacket,
      Uint8Array.of(0x81, 0, 0x80, 0, 0, 0, 0, 0, 2, 0),
    );
    const answer = await redir.next(packetType.controlPacket, (packet) => packet.id === wrongEndpoint);
    expect([answer.body[3], answer.body.length]).toEqual([2, 10]);
  });

  it('MP13: GetPhase on the virtual alt, the FSBL downloaded on alt 0, DETACH: device_disconnect, held until the ack, then TF-A connects', async () => {
    const port = await serve('mp13');
    const redir = await guest(port);
    await fsblThenDetach(redir);
    await redir.next(packetType.deviceDisconnect);
    // The gone device's packets are dropped: no answer, and nothing reaches the next enumeration.
    const late = redir.control({ requestType: 0x80, request: 6, value: 0x0100, index: 0 }, 18, 300);
    await expect(late).rejects.toThrow(/no packet/);
    expect(lines.some((line) => /control_packet id \d+ dropped: its device has left/.test(line))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(farm!.boards[0]!.stage).toBe('tfa');
    expect(redir.queued().some((packet) => packet.type === packetType.deviceConnect)).toBe(false);
    redir.send(packetType.deviceDisconnectAck);
    const connect = await redir.next(packetType.deviceConnect);
    expect(connectBody(connect.body)).toEqual([2, 0x0483, 0xdf11, farm!.boards[0]!.identity().bcdDevice]);
    expect(await redir.string(2)).toMatch(/^DFU @Device ID \/0x501, @Revision ID \/0x[0-9A-F]{4}, @Name \//);
  });

  it.each([0, 4])(
    'MP15: a whole run led by GetPhase over usbredir, the ROM to U-Boot and done, each re-enumeration acknowledged (%i kernel port resets per enumeration)',
    async (resets) => {
      const port = await serve('mp15');
      const backend = new RedirGuestBackend(await guest(port), { resetsAfterConnect: resets });
      const layout = [
        '#Opt\tId\tName\tType\tIP\tOffset\tBinary',
        '-\t0x01\tfsbl-boot\tBinary\tnone\t0x0\ttf-a.stm32',
        '-\t0x03\tfip-boot\tFIP\tnone\t0x0\tfip.bin',
        'P\t0x04\tfsbl1\tBinary\tmmc0\t0x00004400\ttf-a.stm32',
        'P\t0x10\trootfs\tFileSystem\tmmc0\t0x00484400\trootfs.ext4',
        '',
      ].join('\n');
      const fsbl = stm32Image(stm32HeaderVersionBySoc.mp15, 40_000);
      const record = await phaseLedRun(
        backend,
        new Map<number, Uint8Array>([
          [0x00, new TextEncoder().encode(layout)],
          [0x01, fsbl],
          [0x03, fipImage(100_000)],
          [0x04, fsbl],
          [0x10, dataImage(50_000)],
        ]),
      );
      expect(record.phases.filter((phase) => phase !== 0x00)).toEqual([0x01, 0x03, 0x04, 0x10, 0xfe]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(farm!.boards[0]!.stageHistory).toEqual([
        'rom',
        'tfa',
        'uboot-layout',
        'uboot-partitions',
        'done',
      ]);
      expect(backend.connects).toBe(3);
      expect(
        lines
          .filter((line) => line.startsWith('usbredir: device_connect'))
          .map((line) => /\((\S+),/.exec(line)?.[1]),
      ).toEqual(['rom', 'uboot-layout', 'uboot-partitions']);
    },
  );

  it('no-return: device_disconnect, acknowledged, and never a device_connect again', async () => {
    const port = await serve('mp13', { ...noFaults, noReturn: true });
    const redir = await guest(port);
    await fsblThenDetach(redir);
    await redir.next(packetType.deviceDisconnect);
    redir.send(packetType.deviceDisconnectAck);
    await expect(redir.next(packetType.deviceConnect, () => true, 500)).rejects.toThrow(/no packet/);
    redir.send(packetType.reset);
    await expect(redir.setConfiguration(1, 300)).rejects.toThrow(/no packet/);
    expect(lines.filter((line) => /(reset|set_configuration) id \d+ dropped/.test(line))).toHaveLength(2);
  });

  it('a port reset is taken by the board without a reply; the device answers on', async () => {
    const port = await serve('mp15');
    const redir = await guest(port);
    await redir.next(packetType.deviceConnect);
    const board = farm!.boards[0]!;
    const busReset = vi.spyOn(board, 'busReset');
    redir.send(packetType.reset);
    redir.send(packetType.reset);
    expect(await redir.string(1)).toBe('STMicroelectronics');
    expect(busReset.mock.calls).toEqual([[board.enumeration], [board.enumeration]]);
    // Nothing answered the resets: only the connect's ep_info and interface_info are still unread.
    expect(redir.queued().map((packet) => packet.type)).toEqual([
      packetType.epInfo,
      packetType.interfaceInfo,
    ]);
  });

  it('the full-speed fault connects at full speed (usbredir speed 1)', async () => {
    const port = await serve('mp15', { ...noFaults, fullSpeed: true });
    const redir = await guest(port);
    expect(connectBody((await redir.next(packetType.deviceConnect)).body)[0]).toBe(1);
  });

  it.each([
    ['an unknown type', [77, 0]],
    ['a length shorter than the header', [packetType.controlPacket, 3]],
    ['a huge length', [packetType.controlPacket, 0xfffffff0]],
  ])(
    'closes the connection on %s with a log line, and serves the next one',
    async (_what, [type, length]) => {
      const port = await serve('mp15');
      const bad = await guest(port);
      await bad.next(packetType.deviceConnect);
      const header = Buffer.alloc(16);
      header.writeUInt32LE(type!, 0);
      header.writeUInt32LE(length!, 4);
      bad.socket.write(header);
      await bad.closed;
      expect(lines.some((line) => line.includes('closing the connection from 127.0.0.1:'))).toBe(true);
      const next = await guest(port);
      expect(connectBody((await next.next(packetType.deviceConnect)).body)[1]).toBe(0x0483);
    },
  );

  it('refuses a second connection while one is open, with a log line', async () => {
    const port = await serve('mp15');
    const first = await guest(port);
    await first.next(packetType.deviceConnect);
    const second = await RedirGuest.connect(port).catch((error: unknown) => error);
    expect(second).toBeInstanceOf(Error);
    expect(lines.some((line) => /refused 127\.0\.0\.1:\d+: one connection at a time/.test(line))).toBe(true);
    expect((await first.control({ requestType: 0x80, request: 0, value: 0, index: 0 }, 2)).status).toBe(0);
  });
});
