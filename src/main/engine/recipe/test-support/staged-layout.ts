import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseFlashLayout } from '../../layout/parse-flash-layout';
import { fixturesDir, socOfFixture, writeLayoutImages } from '../../layout/test-support/layout-images';

/** A fixture layout from `../shared/fixtures/flashlayouts/` copied into `dir`, with its images generated there. */
export async function stageFixtureLayout(fixture: string, dir: string): Promise<string> {
  const bytes = await readFile(path.join(fixturesDir, fixture));
  const layoutPath = path.join(dir, fixture);
  await writeFile(layoutPath, bytes);
  await writeLayoutImages(parseFlashLayout(bytes).layout, dir, { soc: socOfFixture(fixture) });
  return layoutPath;
}
