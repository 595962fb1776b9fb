import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Soc } from '../../../../shared/board';
import { fipImage } from '../../../virtual-board/conformance/test-images';
import { fixtureImageBytes, stageLayout, type StagedFixture } from './staged-fixture';

/** A fixture the fast path can take, with the virtual FIP that matches it. */
export interface FastCase {
  readonly fixture: string;
  readonly soc: Soc;
  /** ST's fastboot FIP names the device; the stock MP13 one flashes mmc0. */
  readonly fastboot: 'stock' | 'sdcard';
}

/** Stages the fixture with a FIP at phase 0x03 that says which U-Boot it holds; a fastboot-sdcard one is named so. */
export async function stageFastFixture(fastCase: FastCase, work: string): Promise<StagedFixture> {
  const staged = await stageLayout(fastCase.fixture, work, fastCase.soc);
  const fip = staged.lines.find((line) => line.id === 0x03 && line.ip === 'none');
  if (fip === undefined) throw new Error('no FIP line');
  const bytes = fipImage(fixtureImageBytes, { uboot: '2023.10-stm32mp-r1', fastboot: fastCase.fastboot });
  await writeFile(path.join(work, fip.binary), bytes);
  // Lines that write the same file (the FIP partition) now hold these bytes.
  const images = new Map(staged.images);
  for (const line of staged.lines) if (line.binary === fip.binary) images.set(line.id, bytes);
  if (fastCase.fastboot === 'sdcard') {
    const renamed = fip.binary.replace(/\.bin$/, '-fastboot-sdcard.bin');
    await writeFile(path.join(work, renamed), bytes);
    const layout = await readFile(staged.layoutPath, 'latin1');
    const lines = layout
      .split('\n')
      .map((line) =>
        /\t0x03\t/.test(line) && /\tnone\t/.test(line) ? line.replace(fip.binary, renamed) : line,
      );
    await writeFile(staged.layoutPath, lines.join('\n'), 'latin1');
  }
  return { ...staged, images };
}
