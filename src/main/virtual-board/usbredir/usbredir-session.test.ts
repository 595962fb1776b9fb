import { afterEach, describe, expect, it, vi } from 'vitest';
import type { VirtualBoard } from '../board/virtual-board';
import { serveBoard, type ServedBoard } from './test-support/served-board';
import type { RedirGuest } from './test-support/usbredir-guest';
import { packetType, redirStatus } from './usbredir-protocol';

/** Control transfers the board has not answered yet, answered by the test when it chooses. */
function holdAnswers(board: VirtualBoard): ((bytes: Uint8Array) => void)[] {
  const release: ((bytes: Uint8Array) => void)[] = [];
  vi.spyOn(board, 'control').mockImplementation(
    () => new Promise<Uint8Array>((resolve) => release.push(resolve)),
  );
  return release;
}

describe('usbredir session: packets in flight', () => {
  let served: ServedBoard | null = null;
  const lines = (): string[] => served?.lines ?? [];

  afterEach(async () => {
    await served?.close();
    served = null;
    vi.restoreAllMocks();
  });

  async function start(): Promise<RedirGuest> {
    served = await serveBoard();
    const guest = await served.connect();
    await guest.next(packetType.deviceConnect);
    return guest;
  }

  it('an answer that comes after its device left the bus is dropped, never sent', async () => {
    const redir = await start();
    const release = holdAnswers(served!.board);
    const reply = redir.control({ requestType: 0x80, request: 6, value: 0x0100, index: 0 }, 18, 400);
    await vi.waitFor(() => expect(release).toHaveLength(1));
    served!.farm.bus.detached(served!.board);
    await redir.next(packetType.deviceDisconnect);
    release[0]!(new Uint8Array(18));
    await expect(reply).rejects.toThrow(/no packet/);
    expect(lines().some((line) => /control_packet id \d+ dropped: its device has left/.test(line))).toBe(
      true,
    );
  });

  it('cancel_data_packet answers the pending control packet with status cancelled; its late answer is dropped', async () => {
    const redir = await start();
    const release = holdAnswers(served!.board);
    const header = Buffer.from([0x80, 6, 0x80, 0, 0, 1, 0, 0, 18, 0]);
    redir.send(packetType.controlPacket, header, 77n);
    await vi.waitFor(() => expect(release).toHaveLength(1));
    redir.send(packetType.cancelDataPacket, new Uint8Array(0), 77n);
    const cancelled = await redir.next(packetType.controlPacket, (packet) => packet.id === 77n);
    expect([cancelled.body[3], cancelled.body[8], cancelled.body.length]).toEqual([
      redirStatus.cancelled,
      0,
      10,
    ]);
    release[0]!(new Uint8Array(18));
    await expect(redir.next(packetType.controlPacket, () => true, 300)).rejects.toThrow(/no packet/);
  });
});
