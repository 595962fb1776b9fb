import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { stm32HeaderVersionBySoc } from '../../protocol/stm32-header';
import type { BoardFaults } from '../board/board-faults';
import { noFaults } from '../board/board-faults';
import { legacyScriptImage } from '../conformance/fastboot-test-images';
import { phaseLedRun } from '../conformance/phase-led-run';
import { openClaimed, waitForDevice } from '../conformance/raw-dfu-host';
import { bulkEndpoints, fastbootCommand, fastbootDownload } from '../conformance/raw-fastboot-host';
import { fipImage, stm32Image } from '../conformance/test-images';
import type { UsbTransport } from '../../usb/usb-transport';
import { serveBoard, type ServedBoard } from './test-support/served-board';
import type { GuestPacket } from './test-support/usbredir-guest';
import { RedirGuestBackend } from './test-support/usbredir-guest-backend';
import { packetType } from './usbredir-protocol';

const script = 'env set partitions "name=bootfs,start=0x80000,size=0x400000,type=linux"\nfastboot usb 0\n';

/** ep_info's [type, max packet size] of endpoint slot `index` (0–15 OUT, 16–31 IN). */
const epSlot = (packet: GuestPacket, index: number): number[] => [
  packet.body[index] ?? -1,
  Buffer.from(packet.body).readUInt16LE(96 + 2 * index),
];

describe('the fast path over usbredir: U-Boot’s fastboot gadget behind the bulk packets', () => {
  let served: ServedBoard | null = null;

  afterEach(async () => {
    await served?.close();
    served = null;
  });

  /** An MP15 switched to fastboot over usbredir as ST's DFU toolbox does it; the guest's fastboot device open. */
  async function switched(
    faults: BoardFaults = noFaults,
  ): Promise<{ transport: UsbTransport; epInfo: GuestPacket }> {
    served = await serveBoard('mp15', faults);
    const guest = await served.connect();
    const backend = new RedirGuestBackend(guest);
    const record = await phaseLedRun(
      backend,
      new Map([
        [0x00, legacyScriptImage(script)],
        [0x01, stm32Image(stm32HeaderVersionBySoc.mp15, 8192)],
        [0x03, fipImage(64 * 1024, { uboot: '2023.10-stm32mp-r1' })],
      ]),
    );
    expect(record.steps.at(-1)?.kind).toBe('end');
    const entry = await waitForDevice(backend, (candidate) => candidate.identity.productId === 0x0afb);
    const epInfo = guest
      .queued()
      .filter((packet) => packet.type === packetType.epInfo)
      .at(-1);
    if (epInfo === undefined) throw new Error('no ep_info before the fastboot device');
    return { transport: await openClaimed(backend, entry), epInfo };
  }

  it('ep_info describes bulk IN 0x81 and OUT 0x02 of 512 bytes; getvar, oem format and a download answer through bulk packets', async () => {
    const { transport, epInfo } = await switched();
    expect([epSlot(epInfo, 2), epSlot(epInfo, 17)]).toEqual([
      [2, 512],
      [2, 512],
    ]);
    expect(bulkEndpoints(transport)).toEqual({ inEndpoint: 0x81, outEndpoint: 0x02, maxPacketSize: 512 });
    expect(await fastbootCommand(transport, 'getvar:version')).toBe('OKAY0.4');
    expect(await fastbootCommand(transport, 'oem format')).toBe('OKAY');
    const image = new Uint8Array(randomBytes(300 * 1024));
    expect(await fastbootDownload(transport, image, 100 * 1024)).toBe('OKAY');
    expect(await fastbootCommand(transport, 'flash:bootfs')).toBe('OKAY');
    const medium = await served!.board.storage.medium('mmc1');
    expect(Buffer.from(await medium.read(0x80000, image.length)).equals(Buffer.from(image))).toBe(true);
  });

  it('at Full Speed the bulk endpoints are described with 64-byte packets and still carry a download', async () => {
    const { transport, epInfo } = await switched({ ...noFaults, fullSpeed: true });
    expect([epSlot(epInfo, 2), epSlot(epInfo, 17)]).toEqual([
      [2, 64],
      [2, 64],
    ]);
    expect(await fastbootDownload(transport, new Uint8Array(randomBytes(4096)))).toBe('OKAY');
  });
});
