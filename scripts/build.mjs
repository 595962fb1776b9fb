// Builds everything the app, the CLI and the tests run: the Electron main, preload and renderer
// (electron-vite) and the CLI bundle (esbuild). Usage: node scripts/build.mjs
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

const vite = spawnSync(
  process.execPath,
  ['node_modules/electron-vite/bin/electron-vite.js', 'build', '--logLevel', 'warn'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (vite.status !== 0) process.exit(vite.status ?? 1);

await build({
  entryPoints: [`${root}/src/main/cli/index.ts`],
  outfile: `${root}/out/cli/index.js`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
