import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Soc } from '../../../shared/board';
import { stm32HeaderVersionBySoc } from '../../protocol/stm32-header';
import { noFaults } from '../board/board-faults';
import { startBoardFarm } from '../sim/board-farm';
import { firmwareForSsbl } from '../board/firmware-for-ssbl';
import type { LayoutLine } from './fixture-layout';
import { fixtureLayoutsDir, stageFixture } from './fixture-layout';
import { phaseLedRun } from './phase-led-run';
import { dataImage, fipImage, stm32Image } from './test-images';

const socOf = (file: string): Soc =>
  file.startsWith('stm32mp13') ? 'mp13' : file.startsWith('stm32mp25') ? 'mp25' : 'mp15';

function imageFor(soc: Soc, line: LayoutLine): Uint8Array {
  if (line.id === 0x02 || line.binary.endsWith('.bin') || /fip/.test(line.binary)) return fipImage(8192);
  if (line.binary.endsWith('.stm32')) return stm32Image(stm32HeaderVersionBySoc[soc], 8192);
  return dataImage(8192);
}

describe('every fixture layout programs on a fast virtual board of its SoC', async () => {
  const files = (await readdir(fixtureLayoutsDir)).filter((file) => file.endsWith('.tsv'));
  it.each(files)('%s', async (file) => {
    const soc = socOf(file);
    const dir = await mkdtemp(join(tmpdir(), 'vboard-fixture-'));
    try {
      const staged = await stageFixture(file, dir, (line) => imageFor(soc, line));
      const images = new Map(staged.images);
      images.set(0x00, staged.layout);
      const generation = soc === 'mp15' ? firmwareForSsbl(staged.images.get(0x03)) : 'current';
      const farm = await startBoardFarm({
        count: 1,
        soc,
        generation,
        faults: [noFaults],
        speed: { kind: 'fast' },
        storageDir: dir,
      });
      try {
        const record = await phaseLedRun(farm.backend, images);
        expect(record.steps.at(-1)?.kind).toBe('end');
      } finally {
        await farm.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
