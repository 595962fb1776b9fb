import { afterEach, describe, expect, it, vi } from 'vitest';
import { UsbError } from '../../usb/usb-error';
import type { VirtualBoard } from '../board/virtual-board';
import { BulkEcho } from './test-support/bulk-echo';
import { serveBoard, type ServedBoard } from './test-support/served-board';
import type { RedirGuest } from './test-support/usbredir-guest';
import { packetType, redirStatus } from './usbredir-protocol';

/** The board's bulk endpoints answered by `echo`, as a stage with a bulk handler would (same handle checks). */
function routeBulk(board: VirtualBoard, echo: BulkEcho): void {
  const check = (enumeration: number): void => {
    if (!board.attached || enumeration !== board.enumeration)
      throw new UsbError('no-device', 'LIBUSB_ERROR_NO_DEVICE: the device has left the bus');
  };
  vi.spyOn(board, 'bulkOut').mockImplementation(async (enumeration, endpoint, data) => {
    check(enumeration);
    return echo.out(endpoint, data);
  });
  vi.spyOn(board, 'bulkIn').mockImplementation(async (enumeration, endpoint, length) => {
    check(enumeration);
    return echo.in(endpoint, length);
  });
}

const pattern = (length: number, seed = 0): Uint8Array =>
  Uint8Array.from({ length }, (_, at) => (at * 7 + seed) & 0xff);

describe('usbredir bulk packets, carried to the board', () => {
  let served: ServedBoard | null = null;
  const lines = (): string[] => served?.lines ?? [];

  afterEach(async () => {
    await served?.close();
    served = null;
    vi.restoreAllMocks();
  });

  async function start(echo: BulkEcho | null): Promise<{ redir: RedirGuest; board: VirtualBoard }> {
    served = await serveBoard();
    if (echo !== null) routeBulk(served.board, echo);
    const redir = await served.connect();
    await redir.next(packetType.deviceConnect);
    return { redir, board: served.board };
  }

  it('an OUT packet reaches the board and is answered with the bytes taken; an IN packet brings them back', async () => {
    const echo = new BulkEcho();
    const { redir } = await start(echo);
    const sent = pattern(3000);
    expect(await redir.bulk(0x01, sent)).toEqual({ status: 0, length: 3000, data: new Uint8Array(0) });
    const back = await redir.bulk(0x81, 4096);
    expect([back.status, back.length]).toEqual([0, 3000]);
    expect(Buffer.from(back.data).equals(Buffer.from(sent))).toBe(true);
    expect(echo.calls).toEqual(['out 0x01 3000', 'in 0x81 4096']);
  });

  it('a 1 MiB OUT packet (length_high 0x10) is taken whole; IN packets read it back in 64 KiB pieces', async () => {
    const echo = new BulkEcho();
    const { redir } = await start(echo);
    const sent = pattern(1024 * 1024, 3);
    expect((await redir.bulk(0x01, sent)).length).toBe(1024 * 1024);
    const pieces: Uint8Array[] = [];
    for (let n = 0; n < 16; n++) pieces.push((await redir.bulk(0x81, 64 * 1024)).data);
    expect(Buffer.concat(pieces).equals(Buffer.from(sent))).toBe(true);
  });

  it('OUT packets sent back to back reach the board in order, even when the first takes longest', async () => {
    const echo = new BulkEcho({ outDelayMs: [120, 0, 0] });
    const { redir } = await start(echo);
    const ids = [0, 1, 2].map((n) => redir.sendBulk(0x01, pattern(512, n)));
    const replies = await Promise.all(ids.map((id) => redir.bulkReply(id)));
    expect(replies.map((reply) => [reply.status, reply.length])).toEqual([
      [0, 512],
      [0, 512],
      [0, 512],
    ]);
    const back = await redir.bulk(0x81, 512 * 3);
    expect(Buffer.from(back.data).equals(Buffer.from(pattern(512, 0)))).toBe(true);
    const rest = [await redir.bulk(0x81, 512), await redir.bulk(0x81, 512)].map((reply) => reply.data[0]);
    expect(rest).toEqual([pattern(512, 1)[0], pattern(512, 2)[0]]);
  });

  it('a stage without bulk endpoints (the DFU stages) answers every bulk packet with STALL', async () => {
    const { redir } = await start(null);
    expect((await redir.bulk(0x01, pattern(64))).status).toBe(redirStatus.stall);
    expect((await redir.bulk(0x81, 512)).status).toBe(redirStatus.stall);
    expect(await redir.string(1)).toBe('STMicroelectronics');
  });

  it('a cancelled IN packet is answered cancelled; what the board gives it later goes to the next IN packet', async () => {
    const echo = new BulkEcho();
    const { redir } = await start(echo);
    const waiting = redir.sendBulk(0x81, 512);
    await vi.waitFor(() => expect(echo.calls).toEqual(['in 0x81 512']));
    redir.send(packetType.cancelDataPacket, new Uint8Array(0), waiting);
    expect(await redir.bulkReply(waiting)).toEqual({
      status: redirStatus.cancelled,
      length: 0,
      data: new Uint8Array(0),
    });
    expect((await redir.bulk(0x01, Uint8Array.of(0x4f, 0x4b, 0x41, 0x59))).status).toBe(0);
    const next = await redir.bulk(0x81, 512);
    expect(Buffer.from(next.data).toString()).toBe('OKAY');
    expect(echo.calls).toEqual(['in 0x81 512', 'out 0x01 4']);
  });

  it('an IN packet whose device leaves before the board answers is dropped, never answered', async () => {
    const echo = new BulkEcho();
    const { redir, board } = await start(echo);
    const waiting = redir.sendBulk(0x81, 512);
    await vi.waitFor(() => expect(echo.calls).toHaveLength(1));
    served!.farm.bus.detached(board);
    await redir.next(packetType.deviceDisconnect);
    await echo.out(0x01, Uint8Array.of(1));
    await expect(redir.bulkReply(waiting, 300)).rejects.toThrow(/no packet/);
    redir.sendBulk(0x01, Uint8Array.of(2), 99n);
    await expect(redir.bulkReply(99n, 300)).rejects.toThrow(/no packet/);
    expect(lines().some((line) => /bulk_packet id 99 dropped: its device has left/.test(line))).toBe(true);
  });

  it('an IN the gone device never answered does not hold up the next device’s endpoint', async () => {
    const echo = new BulkEcho();
    const { redir, board } = await start(echo);
    const stuck = vi.spyOn(board, 'bulkIn').mockImplementationOnce(() => new Promise(() => undefined));
    redir.sendBulk(0x81, 512);
    await vi.waitFor(() => expect(stuck).toHaveBeenCalledTimes(1));
    served!.farm.bus.detached(board);
    await redir.next(packetType.deviceDisconnect);
    redir.send(packetType.deviceDisconnectAck);
    served!.farm.bus.attached(board);
    await redir.next(packetType.deviceConnect);
    expect((await redir.bulk(0x01, Uint8Array.of(7))).status).toBe(0);
    expect([...(await redir.bulk(0x81, 512)).data]).toEqual([7]);
  });
});
