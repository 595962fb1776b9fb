// `npm run dist:dir`: the unpacked Linux app (dist/linux-unpacked), built here without the Electron download.
// Builds the bundles, makes the Electron stand-in, runs electron-builder --linux --dir with electronDist on it.
// Release machines run `npm run dist` instead (real Electron, every installer): see README, "Release builds".
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { makeElectronStandIn } from './electron-stand-in.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = (args) => {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

if (!process.argv.includes('--no-build')) run(['scripts/build.mjs']);
const standIn = makeElectronStandIn();
run([
  'node_modules/electron-builder/cli.js',
  '--linux',
  '--x64',
  '--dir',
  '--publish',
  'never',
  `-c.electronDist=${standIn}`,
]);
