import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LayoutCheckReport } from '../../../../shared/layout';
import { checkFlashLayout, type CheckFlashLayoutOptions } from '../check-flash-layout';
import { fipTocBytes, makeTempDir, removeTempDir, stm32Image } from './layout-images';

/** A small valid MP15 SD-card layout (7 lines) that the issue-code tests bend one line at a time. */
export const baseLayoutLines = [
  '#Opt\tId\tName\tType\tIP\tOffset\tBinary',
  '-\t0x01\tfsbl-boot\tBinary\tnone\t0x0\ttf-a-usb.stm32',
  '-\t0x03\tfip-boot\tFIP\tnone\t0x0\tfip.bin',
  'P\t0x04\tfsbl1\tBinary\tmmc0\t0x00004400\ttf-a-sdcard.stm32',
  'P\t0x05\tfsbl2\tBinary\tmmc0\t0x00044400\ttf-a-sdcard.stm32',
  'P\t0x06\tfip\tFIP\tmmc0\t0x00084400\tfip.bin',
  'P\t0x10\trootfs\tFileSystem\tmmc0\t0x00484400\trootfs.ext4',
] as const;

/** `bytes` with a FIP ToC header over its first 8 bytes. */
export function withFipToc(bytes: Uint8Array): Uint8Array {
  bytes.set(fipTocBytes(), 0);
  return bytes;
}

/** The base layout's images: valid v1.0 `.stm32` headers, a 1 KiB FIP and 1 KiB plain files. */
export function baseImages(): Record<string, Uint8Array> {
  return {
    'tf-a-usb.stm32': stm32Image({ version: 'v1_0' }),
    'tf-a-sdcard.stm32': stm32Image({ version: 'v1_0', payloadBytes: 8192 }),
    'fip.bin': withFipToc(new Uint8Array(1024).fill(1)),
    'rootfs.ext4': new Uint8Array(1024).fill(2),
  };
}

/** The base layout with line `line` (1-based) replaced; `null` deletes it. */
export function withLine(line: number, text: string | null): string[] {
  return baseLayoutLines.flatMap((entry, index) =>
    index + 1 === line ? (text === null ? [] : [text]) : [entry],
  );
}

/** Column (1-based) of the `index`-th TAB-separated column in a single-TAB line. */
export function columnAt(lineText: string, index: number): number {
  const parts = lineText.split('\t');
  return parts.slice(0, index).reduce((sum, part) => sum + part.length + 1, 0) + 1;
}

export interface CheckCase {
  readonly text: string | Uint8Array;
  /** Images written beside the layout; the base images when left out. */
  readonly files?: Readonly<Record<string, Uint8Array | null>>;
  readonly options?: CheckFlashLayoutOptions;
  /** A function that changes the folder before the check (e.g. a large sparse file). */
  readonly prepare?: (dir: string) => Promise<void>;
}

/** Writes `layout.tsv` and its images into a fresh temporary folder, checks it, removes the folder. */
export async function runCheckCase(check: CheckCase): Promise<LayoutCheckReport> {
  const dir = await makeTempDir();
  try {
    await writeFile(path.join(dir, 'layout.tsv'), check.text);
    const files = { ...baseImages(), ...check.files };
    for (const [name, bytes] of Object.entries(files)) {
      if (bytes !== null) await writeFile(path.join(dir, name), bytes);
    }
    await check.prepare?.(dir);
    return await checkFlashLayout(path.join(dir, 'layout.tsv'), check.options);
  } finally {
    await removeTempDir(dir);
  }
}
