import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addFault, noFaults } from '../board/board-faults';
import type { BoardFaults } from '../board/board-faults';
import type { BoardFarm } from '../sim/board-farm';
import { startBoardFarm } from '../sim/board-farm';
import { phaseLedRun } from './phase-led-run';
import { dataImage, stm32Image } from './test-images';

const noSerial = addFault(noFaults, 'no-serial') as BoardFaults;
const layout = new TextEncoder().encode('P\t0x10\trootfs\tFileSystem\tmmc0\t0x4400\n');

async function readAt(path: string, offset: number, length: number): Promise<Uint8Array> {
  const file = await open(path);
  try {
    const bytes = new Uint8Array(length);
    await file.read(bytes, 0, length, offset);
    return bytes;
  } finally {
    await file.close();
  }
}

describe('two boards without serials on neighbouring ports', () => {
  let dir = '';
  let farm: BoardFarm | null = null;
  afterEach(async () => {
    await farm?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('re-enumerate at the same moments, each on its own port, and keep their own data', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vboard-two-'));
    farm = await startBoardFarm({
      count: 2,
      soc: 'mp15',
      generation: '2019',
      faults: [noSerial, noSerial],
      speed: { kind: 'fast' },
      storageDir: dir,
    });
    const data = [dataImage(32 * 1024), dataImage(32 * 1024)];
    const runs = [1, 2].map((port, i) =>
      phaseLedRun(
        farm!.backend,
        new Map([
          [0x01, stm32Image('v1_0', 16384)],
          [0x00, layout],
          [0x03, stm32Image('v1_0', 16384)],
          [0x10, data[i]!],
        ]),
        { port },
      ),
    );
    const records = await Promise.all(runs);
    expect(records.map((record) => record.steps.at(-1)?.kind)).toEqual(['end', 'end']);
    for (const [i, board] of ['board-1', 'board-2'].entries()) {
      expect(Buffer.compare(await readAt(join(dir, board, 'mmc0.img'), 0x4400, 32 * 1024), data[i]!)).toBe(0);
    }
  });
});
