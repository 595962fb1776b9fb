// `npm run bench`: runs every bench/*.bench.ts entry (bundled with esbuild), prints one table and writes
// bench/results.json. Not a test: figures depend on the machine; targets are printed beside them.
// Each entry default-exports { name, run(): Promise<Array<{ metric, value, unit, target?, note? }>> }.
import { build } from 'esbuild';
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const only = process.argv.slice(2);
const entries = readdirSync(`${root}/bench`)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => only.length === 0 || only.some((name) => file.includes(name)))
  .sort();
mkdirSync(`${root}/out/bench`, { recursive: true });
const results = {};
const rows = [];
for (const file of entries) {
  const outfile = `${root}/out/bench/${file.replace(/\.ts$/, '.mjs')}`;
  await build({
    entryPoints: [`${root}/bench/${file}`],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  const entry = (await import(pathToFileURL(outfile).href)).default;
  process.stderr.write(`running ${entry.name} ...\n`);
  for (const result of await entry.run()) {
    results[result.metric] = result.value;
    rows.push({ bench: entry.name, ...result });
  }
}
const pad = (text, width) => String(text).padEnd(width);
console.log(`${pad('metric', 34)}${pad('value', 14)}${pad('unit', 10)}${pad('target', 12)}note`);
for (const row of rows) {
  const value = typeof row.value === 'number' ? Number(row.value.toPrecision(4)) : row.value;
  console.log(
    `${pad(row.metric, 34)}${pad(value, 14)}${pad(row.unit, 10)}${pad(row.target ?? '', 12)}${row.note ?? ''}`,
  );
}
// A run of some entries (`npm run bench -- engine`) updates their figures and keeps the others'.
const file = `${root}/bench/results.json`;
const previous = only.length > 0 && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).results : {};
writeFileSync(
  file,
  `${JSON.stringify({ date: new Date().toISOString(), results: { ...previous, ...results } }, null, 2)}\n`,
);
