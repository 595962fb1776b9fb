// A stand-in for the unpacked Linux Electron distribution, for `npm run dist:dir` on machines where the Electron
// zip cannot be downloaded (this project's CI and developer machines). electron-builder, given a folder as
// `electronDist`, copies it as the app's folder, renames `electron` to the executable name, and packs
// resources/app.asar beside it: that is all `--dir` needs. The stand-in's `electron` is a shell script that says
// what it is; it has no fuse wire, so the afterPack hook recognizes the marker file and leaves it alone.
// A release machine builds with the real Electron (see README, "Release builds").
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const standInMarker = 'ELECTRON-STAND-IN.txt';
export const standInDir = fileURLToPath(new URL('../../build/electron-stand-in/', import.meta.url));

export function makeElectronStandIn(dir = standInDir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(`${dir}resources`, { recursive: true });
  mkdirSync(`${dir}locales`, { recursive: true });
  writeFileSync(
    `${dir}electron`,
    '#!/bin/sh\necho "This is the Electron stand-in of npm run dist:dir, not a runnable app." >&2\nexit 1\n',
  );
  chmodSync(`${dir}electron`, 0o755);
  writeFileSync(`${dir}locales/en-US.pak`, '');
  writeFileSync(`${dir}LICENSE`, 'Stand-in: the real Electron distribution carries its MIT licence here.\n');
  writeFileSync(
    `${dir}${standInMarker}`,
    'Made by scripts/packaging/electron-stand-in.mjs. Not Electron: only the folder shape electron-builder --dir needs.\n',
  );
  return dir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`Electron stand-in: ${makeElectronStandIn()}\n`);
}
