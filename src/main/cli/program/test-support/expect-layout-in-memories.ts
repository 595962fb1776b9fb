import { expect } from 'vitest';
import { readBackMemories } from './memory-readback';
import type { StagedFixture } from './staged-fixture';

/**
 * A board's memories hold the layout: each GPT as the layout asks (read back by `sgdisk -p`) and every image that
 * was sent, byte for byte, where U-Boot writes it (at least one).
 */
export async function expectLayoutInMemories(
  fixture: string,
  staged: StagedFixture,
  storage: string,
): Promise<void> {
  const readback = await readBackMemories(fixture, staged, storage);
  for (const gpt of readback.gpts) expect(gpt.rows, `${gpt.ip} GPT`).toEqual(gpt.expected);
  expect(readback.images.length).toBeGreaterThan(0);
  for (const image of readback.images) expect(image.equal, `${image.name} at ${image.place}`).toBe(true);
}
