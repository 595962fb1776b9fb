import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Soc } from '../../../../shared/board';
import { stm32HeaderVersionBySoc } from '../../../protocol/stm32-header';
import type { LayoutLine } from '../../../virtual-board/conformance/fixture-layout';
import { stageFixture } from '../../../virtual-board/conformance/fixture-layout';
import { dataImage, fipImage, stm32Image } from '../../../virtual-board/conformance/test-images';

/** Every generated image is at least this big: 16 U-Boot blocks (issue 15 point 5). */
export const fixtureImageBytes = 64 * 1024;

/** The image a fixture line gets: a `.stm32` of the SoC's header version, a FIP with a valid ToC, or data. */
export function imageForLine(soc: Soc, line: LayoutLine, bytes = fixtureImageBytes): Uint8Array {
  if (line.binary.endsWith('.stm32')) return stm32Image(stm32HeaderVersionBySoc[soc], bytes);
  // The MP2 TF-A's DDR-firmware alt takes 32 KiB (`@DDR FIP /0x02/1*32Ke`, spec §2.3).
  if (line.id === 0x02) return fipImage(Math.min(bytes, 16 * 1024));
  if (line.id === 0x03 || /fip/i.test(line.binary)) return fipImage(bytes);
  return dataImage(bytes);
}

export interface StagedFixture {
  readonly layoutPath: string;
  readonly lines: LayoutLine[];
  /** Each phase id's image as generated. */
  readonly images: ReadonlyMap<number, Uint8Array>;
}

/** Copies a fixture layout from `../shared/fixtures/flashlayouts/` into `dir` with generated images. */
export async function stageLayout(
  fixture: string,
  dir: string,
  soc: Soc,
  bytes = fixtureImageBytes,
): Promise<StagedFixture> {
  await mkdir(dir, { recursive: true });
  const staged = await stageFixture(fixture, dir, (line) => imageForLine(soc, line, bytes));
  return { layoutPath: path.join(dir, fixture), lines: staged.lines, images: staged.images };
}
