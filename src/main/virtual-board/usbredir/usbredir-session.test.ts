import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { noFaults } from '../board/board-faults';
import type { BoardFarm } from '../sim/board-farm';
import { startBoardFarm } from '../sim/board-farm';
import { RedirGuest } from './test-support/usbredir-guest';
import type { UsbredirExport } from './usbredir-export';
import { startUsbredirExport } from './usbredir-export';
import { packetType, redirStatus } from './usbredir-protocol';

/** Control transfers the board has not answered yet, answered by the test when it chooses. */
function holdAnswers(farm: BoardFarm): ((bytes: Uint8Array) => void)[] {
  const release: ((bytes: Uint8Array) => void)[] = [];
  vi.spyOn(farm.boards[0]!, 'control').mockImplementation(
    () => new Promise<Uint8Array>((resolve) => release.push(resolve)),
  );
  return release;
}

describe('usbredir session: packets in flight', () => {
  let farm: BoardFarm | null = null;
  let exported: UsbredirExport | null = null;
  let guest: RedirGuest | null = null;
  let dir = '';
  const lines: string[] = [];

  afterEach(async () => {
    guest?.close();
    await exported?.close();
    await farm?.close();
    vi.restoreAllMocks();
    lines.length = 0;
    await rm(dir, { recursive: true, force: true });
  });

  async function start(): Promise<RedirGuest> {
    dir = await mkdtemp(join(tmpdir(), 'vboard-usbredir-session-'));
    farm = await startBoardFarm({
      count: 1,
      soc: 'mp15',
      generation: 'current',
      faults: [noFaults],
      speed: { kind: 'fast' },
      storageDir: dir,
    });
    exported = await startUsbredirExport({
      board: farm.boards[0]!,
      bus: farm.bus,
      host: '127.0.0.1',
      port: 0,
      log: (line) => lines.push(line),
    });
    guest = await RedirGuest.connect(exported.port);
    await guest.next(packetType.deviceConnect);
    return guest;
  }

  it('an answer that comes after its device left the bus is dropped, never sent', async () => {
    const redir = await start();
    const release = holdAnswers(farm!);
    const reply = redir.control({ requestType: 0x80, request: 6, value: 0x0100, index: 0 }, 18, 400);
    await vi.waitFor(() => expect(release).toHaveLength(1));
    farm!.bus.detached(farm!.boards[0]!);
    await redir.next(packetType.deviceDisconnect);
    release[0]!(new Uint8Array(18));
    await expect(reply).rejects.toThrow(/no packet/);
    expect(lines.some((line) => /control_packet id \d+ dropped: its device has left/.test(line))).toBe(true);
  });

  it('cancel_data_packet answers the pending control packet with status cancelled; its late answer is dropped', async () => {
    const redir = await start();
    const release = holdAnswers(farm!);
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
