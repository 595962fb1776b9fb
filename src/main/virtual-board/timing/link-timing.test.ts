import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { noFaults } from '../board/board-faults';
import { phaseLedRun } from '../conformance/phase-led-run';
import { dataImage, fipImage, stm32Image } from '../conformance/test-images';
import { startBoardFarm } from '../sim/board-farm';
import type { BoardClock } from './board-clock';
import { createLinkModel, stageGapMs } from './link-model';
import type { SpeedMode } from './speed-mode';
import { parseSpeedMode, scaleDuration } from './speed-mode';

/** A clock that adds up what the board asks to wait, and waits no real time. */
function countingClock(): BoardClock & { total: () => number } {
  let total = 0;
  return {
    now: () => total,
    sleep: (ms) => {
      total += ms;
      return new Promise((resolve) => setImmediate(resolve));
    },
    total: () => total,
  };
}

const images = new Map([
  [0x01, stm32Image('v1_0', 10 * 1024)],
  [0x03, fipImage(20 * 1024)],
  [0x00, new TextEncoder().encode('P\t0x10\trootfs\tFileSystem\tmmc0\t0x4400\n')],
  [0x10, dataImage(40 * 4096)],
]);

describe('link timing (timing-observed.md §6)', () => {
  let dir = '';
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function modelledTime(speed: SpeedMode, fault = noFaults): Promise<number> {
    dir = await mkdtemp(join(tmpdir(), 'vboard-timing-'));
    const clock = countingClock();
    const farm = await startBoardFarm({
      count: 1,
      soc: 'mp15',
      generation: 'current',
      faults: [fault],
      speed,
      storageDir: dir,
      clock,
    });
    await phaseLedRun(farm.backend, images);
    await farm.boards[0]?.console.drained();
    await farm.close();
    await rm(dir, { recursive: true, force: true });
    return clock.total();
  }

  it('parses realistic, fast and xN', () => {
    expect(parseSpeedMode('realistic')).toEqual({ kind: 'realistic' });
    expect(parseSpeedMode('fast')).toEqual({ kind: 'fast' });
    expect(parseSpeedMode('x20')).toEqual({ kind: 'scaled', factor: 20 });
    expect(parseSpeedMode('x0')).toBeNull();
    expect(parseSpeedMode('slow')).toBeNull();
    expect(scaleDuration({ kind: 'scaled', factor: 4 }, 3000)).toBe(750);
  });

  it('charges a fixed cost per block by stage and medium, Full Speed slower', () => {
    const hs = createLinkModel({ kind: 'realistic' }, 'mp15', false);
    const fs = createLinkModel({ kind: 'realistic' }, 'mp15', true);
    expect(hs.blockCostMs('rom')).toBeCloseTo(4.1);
    expect(hs.blockCostMs('tfa')).toBeCloseTo(1.6);
    expect(hs.blockCostMs('uboot', 'sd')).toBeCloseTo(2.4);
    expect(fs.blockCostMs('rom')).toBeCloseTo(19);
    expect(createLinkModel({ kind: 'realistic' }, 'mp25', false).blockCostMs('rom')).toBeCloseTo(9.8);
    expect(createLinkModel({ kind: 'fast' }, 'mp15', true).blockCostMs('rom')).toBe(0);
  });

  it('a realistic run waits its blocks, gaps and UART pacing; xN waits N times less; fast waits nothing', async () => {
    const realistic = await modelledTime({ kind: 'realistic' });
    const blocks = 10 * 4.1 + 20 * 1.6 + 40 * 2.4;
    const gaps =
      stageGapMs.romToTfa +
      stageGapMs.tfaToUboot +
      stageGapMs.ubootLayoutToPartitions +
      3 * stageGapMs.leaveAfterDetach;
    expect(realistic).toBeGreaterThan(blocks + gaps);
    expect(realistic).toBeLessThan(blocks + gaps + 1000);
    expect(await modelledTime({ kind: 'scaled', factor: 10 })).toBeCloseTo(realistic / 10, 0);
    expect(await modelledTime({ kind: 'fast' })).toBe(0);
  });
});
