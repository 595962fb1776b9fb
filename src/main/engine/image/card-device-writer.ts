import { execFile } from 'node:child_process';
import { open } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { CardPlan } from './card-plan';
import { CardPlanError } from './card-plan';
import type { CardTarget } from './card-target';
import type { GptSectors } from './gpt-writer';
import { writeCard } from './sparse-card-writer';

const run = promisify(execFile);
const chunkBytes = 4 << 20;

/**
 * Writes a card plan onto a drive, syncs, drops the drive's cached pages (`blockdev --flushbufs`, BLKFLSBUF) and
 * reads every written byte back from the drive, so the check reads the card, not memory.
 */
export async function writeCardDevice(
  plan: CardPlan,
  target: CardTarget,
  signal?: AbortSignal,
): Promise<void> {
  const { gpt } = await writeCard(plan, target.bytes, target.device, {
    toDevice: true,
    ...(signal ? { signal } : {}),
  });
  await run('blockdev', ['--flushbufs', target.device]);
  await verifyCardDevice(plan, gpt, target.device, signal);
}

async function verifyCardDevice(
  plan: CardPlan,
  gpt: readonly GptSectors[],
  device: string,
  signal: AbortSignal | undefined,
): Promise<void> {
  const drive = await open(device, 'r');
  try {
    const read = new Uint8Array(chunkBytes);
    const expectAt = async (bytes: Uint8Array, offset: number, what: string): Promise<void> => {
      const { bytesRead } = await drive.read(read, 0, bytes.length, offset);
      if (bytesRead !== bytes.length || Buffer.compare(read.subarray(0, bytes.length), bytes) !== 0)
        throw new CardPlanError(
          `Verify failed: ${what} at byte ${offset} of ${device} reads back different.`,
        );
    };
    for (const part of gpt) await expectAt(part.bytes, Number(part.offset), 'the GPT');
    const image = new Uint8Array(chunkBytes);
    for (const write of plan.writes) {
      const input = await open(write.file, 'r');
      try {
        for (let position = 0; ;) {
          signal?.throwIfAborted();
          const { bytesRead } = await input.read(image, 0, image.length, position);
          if (bytesRead === 0) break;
          await expectAt(image.subarray(0, bytesRead), Number(write.offset) + position, write.name);
          position += bytesRead;
        }
      } finally {
        await input.close();
      }
    }
  } finally {
    await drive.close();
  }
}
