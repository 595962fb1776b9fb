import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { fixturesDir, listFixtures, repositoryRoot } from '../layout/test-support/layout-images';
import { fastPathTable } from './test-support/fast-path-table';

const documentPath = path.join(repositoryRoot, 'docs/fast-path.md');
const begin = '<!-- fixtures table: written by fast-path-table.test.ts (WRITE_FAST_PATH_TABLE=1) -->';
const end = '<!-- end of fixtures table -->';

/**
 * docs/fast-path.md holds the table `decideFastPath` gives for every fixture: it fails here when a fixture or the
 * decision changes and the document does not. `WRITE_FAST_PATH_TABLE=1 npx vitest run <this file>` writes it.
 */
it('docs/fast-path.md lists every fixture as decideFastPath decides it', async () => {
  const names = await listFixtures();
  const fixtures = await Promise.all(
    names.map(async (name) => ({ name, text: await readFile(path.join(fixturesDir, name), 'utf8') })),
  );
  const table = fastPathTable(fixtures);
  const document = await readFile(documentPath, 'utf8');
  const from = document.indexOf(begin);
  const to = document.indexOf(end);
  expect(from, `${documentPath} has the table's markers`).toBeGreaterThan(-1);
  expect(to).toBeGreaterThan(from);
  const written = `${document.slice(0, from + begin.length)}\n${table}\n${document.slice(to)}`;
  if (process.env.WRITE_FAST_PATH_TABLE === '1') await writeFile(documentPath, written);
  expect(document.slice(from + begin.length, to).trim()).toBe(table);
  for (const name of names) expect(table).toContain(`\`${name}\``);
});
