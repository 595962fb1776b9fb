import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest folder with a package.json above this file (also once bundled into out/). */
function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** `../shared/fixtures/flashlayouts/` beside the checkout (CI has `../shared`; fixtures are never copied into the repo). */
export const fixtureLayoutsDir = resolve(repositoryRoot(), '../shared/fixtures/flashlayouts');
export const fixtureLogsDir = resolve(fixtureLayoutsDir, '../logs');

export interface LayoutLine {
  readonly option: string;
  readonly id: number;
  readonly name: string;
  readonly ip: string;
  readonly offset: string;
  readonly binary: string;
}

/** The test's own plain reading of a layout's lines (TAB runs split; `#` lines skipped): enough to find files. */
export function layoutLines(text: string): LayoutLine[] {
  return text
    .split('\n')
    .filter((line) => line.trim().length > 0 && !line.startsWith('#'))
    .map((line) => {
      const [option = '', id = '0', name = '', , ip = '', offset = '', binary = ''] = line
        .replace(/\r$/, '')
        .split(/\t+/);
      return { option, id: Number(id), name, ip, offset, binary };
    });
}

/**
 * Copies a fixture layout into `dir` with generated images at each Binary path: `sizeOf(line)` bytes made by
 * `make(line, size)`. Answers the layout bytes and each phase id's image.
 */
export async function stageFixture(
  fixture: string,
  dir: string,
  make: (line: LayoutLine) => Uint8Array,
): Promise<{ layout: Uint8Array; images: Map<number, Uint8Array>; lines: LayoutLine[] }> {
  const text = await readFile(join(fixtureLayoutsDir, fixture));
  await writeFile(join(dir, fixture), text);
  const lines = layoutLines(text.toString('latin1'));
  const images = new Map<number, Uint8Array>();
  const byPath = new Map<string, Uint8Array>();
  for (const line of lines) {
    if (line.binary === 'none' || line.binary === '') continue;
    let image = byPath.get(line.binary);
    if (!image) {
      image = make(line);
      byPath.set(line.binary, image);
      const path = join(dir, line.binary);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, image);
    }
    if (!images.has(line.id)) images.set(line.id, image);
  }
  return { layout: new Uint8Array(text), images, lines };
}
