import { execFile } from 'node:child_process';
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { fixturesDir } from '../../../engine/layout/test-support/layout-images';
import type { LayoutLine } from '../../../virtual-board/conformance/fixture-layout';
import type { StagedFixture } from './staged-fixture';

const run = promisify(execFile);

/** One memory's GPT as `sgdisk -p` reads it back, beside what the layout asks for. */
export interface GptReadback {
  readonly ip: string;
  readonly rows: { start: number; name: string }[];
  readonly expected: { start: number; name: string }[];
}

/** One partition's image compared with the bytes where U-Boot writes it. */
export interface ImageReadback {
  readonly name: string;
  readonly place: string;
  readonly equal: boolean;
}

/** The ids of the fixture's RawImage lines (the shared plain reading of a line drops the Type column). */
async function rawImageIds(fixture: string): Promise<Set<number>> {
  const text = await readFile(path.join(fixturesDir, fixture), 'latin1');
  return new Set(
    text
      .split('\n')
      .filter((line) => /\tRawImage\t/i.test(line.replace(/\t+/g, '\t')))
      .map((line) => Number(line.split(/\t+/)[1])),
  );
}

/** `length` bytes of a memory file at `offset`. */
export async function readAt(file: string, offset: number, length: number): Promise<Uint8Array> {
  const handle = await open(file);
  try {
    const bytes = new Uint8Array(length);
    await handle.read(bytes, 0, length, offset);
    return bytes;
  } finally {
    await handle.close();
  }
}

/**
 * Reads back a board's memory files after a run of a fixture layout: each memory's GPT through `sgdisk -p`
 * (where the layout writes one), and every partition that receives data at the place U-Boot writes it (a
 * RawImage at 0 is the whole device; `boot1`/`boot2` are the eMMC boot areas).
 */
export async function readBackMemories(
  fixture: string,
  staged: StagedFixture,
  storage: string,
): Promise<{ gpts: GptReadback[]; images: ImageReadback[] }> {
  const raw = await rawImageIds(fixture);
  const onMemories = staged.lines.filter((line) => line.ip !== 'none');
  const gpts: GptReadback[] = [];
  for (const ip of new Set(onMemories.map((line) => line.ip))) {
    const inGpt = onMemories.filter(
      (line) =>
        line.ip === ip && !line.offset.startsWith('boot') && !/RawImage/i.test(line.option + line.name),
    );
    const hasRaw = staged.lines.some((line) => line.ip === ip && line.offset !== 'boot1' && raw.has(line.id));
    if (inGpt.length === 0 || hasRaw) continue;
    const { stdout } = await run('sgdisk', ['-p', path.join(storage, `${ip}.img`)]);
    const rows = stdout
      .split('\n')
      .map((line) => /^\s+(\d+)\s+(\d+)\s+(\d+)\s+\S+ \S+\s+\S+\s+(\S+)\s*$/.exec(line))
      .filter((match) => match !== null)
      .map((match) => ({ start: Number(match[2]) * 512, name: match[4] ?? '' }));
    gpts.push({ ip, rows, expected: inGpt.map((line) => ({ start: Number(line.offset), name: line.name })) });
  }
  const images: ImageReadback[] = [];
  for (const line of onMemories) {
    if (!line.option.includes('P') || line.option.includes('E') || line.binary === 'none') continue;
    const image = staged.images.get(line.id);
    if (image === undefined) throw new Error(`no image for ${line.name}`);
    const place = placeOf(line, raw.has(line.id));
    const written = await readAt(path.join(storage, place.file), place.offset, image.length);
    images.push({
      name: line.name,
      place: `${place.file}:${place.offset}`,
      equal: Buffer.compare(written, image) === 0,
    });
  }
  return { gpts, images };
}

/** Where U-Boot writes a line: the memory file and the byte offset in it. */
export function placeOf(line: LayoutLine, rawImage: boolean): { file: string; offset: number } {
  if (line.offset === 'boot1' || line.offset === 'boot2')
    return { file: `${line.ip}-${line.offset}.img`, offset: 0 };
  if (rawImage) return { file: `${line.ip}.img`, offset: 0 };
  return { file: `${line.ip}.img`, offset: Number(line.offset) };
}
