import { truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fipImage, stm32Image } from '../src/main/virtual-board/conformance/test-images';

/** The rootfs partition the engine benchmarks program: Id 0x10 on an SD card, at the first usable address. */
export const benchPartitionId = 0x10;

/**
 * A minimal MP15 layout for the current firmware (FSBL, FIP, one big partition), its images written into
 * `dir`; the partition's image is a sparse file of `bytes` zero bytes, or random data when `randomData`.
 */
export async function writeBenchLayout(dir: string, bytes: number, randomData = false): Promise<string> {
  const layout = [
    '#Opt\tId\tName\tType\tIP\tOffset\tBinary',
    '-\t0x01\tfsbl1-boot\tBinary\tnone\t0x0\ttf-a.stm32',
    '-\t0x03\tfip-boot\tFIP\tnone\t0x0\tfip.bin',
    `P\t0x${benchPartitionId.toString(16)}\trootfs\tFileSystem\tmmc0\t0x00004400\trootfs.ext4`,
  ];
  await writeFile(path.join(dir, 'tf-a.stm32'), stm32Image('v1_0', 64 * 1024));
  await writeFile(path.join(dir, 'fip.bin'), fipImage(64 * 1024));
  const rootfs = path.join(dir, 'rootfs.ext4');
  if (randomData) {
    const { randomBytes } = await import('node:crypto');
    await writeFile(rootfs, randomBytes(bytes));
  } else {
    await writeFile(rootfs, new Uint8Array(0));
    await truncate(rootfs, bytes);
  }
  const file = path.join(dir, 'FlashLayout_bench.tsv');
  await writeFile(file, `${layout.join('\n')}\n`);
  return file;
}
