// electron-builder's afterPack hook: flips the Electron fuses of the packaged binary (before signing).
// With RunAsNode off, ELECTRON_RUN_AS_NODE cannot turn the app into a general Node runtime; the app serves its
// CLI itself instead (src/main/app-main.ts). Read them back on a release machine:
//   npx @electron/fuses read --app "dist/linux-unpacked/stm32mp-flasher"
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { standInMarker } from './electron-stand-in.mjs';

const require = createRequire(import.meta.url);

/** The fuse configuration of every packaged build, as @electron/fuses' flipFuses takes it. */
export function fuseConfig({ FuseVersion, FuseV1Options }, platform) {
  return {
    version: FuseVersion.V1,
    // A macOS binary whose ad-hoc signature no longer matches does not start (arm64); electron-builder signs
    // properly right after this hook when an identity is configured.
    resetAdHocDarwinSignature: platform === 'darwin' || platform === 'mas',
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    // Checked against the hash electron-builder embeds (macOS and Windows; Electron does not check on Linux).
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.EnableCookieEncryption]: true,
  };
}

/** The packaged Electron binary (the .app bundle on macOS), named as electron-builder named it. */
export function electronBinary({ appOutDir, electronPlatformName, packager }) {
  if (electronPlatformName === 'linux') return join(appOutDir, packager.executableName);
  const name = packager.appInfo.productFilename;
  return join(appOutDir, electronPlatformName === 'win32' ? `${name}.exe` : `${name}.app`);
}

export async function afterPack(context, fuses = require('@electron/fuses')) {
  if (existsSync(join(context.appOutDir, standInMarker))) {
    process.stdout.write('  • afterPack: Electron stand-in (npm run dist:dir), no fuse wire to flip\n');
    return 'stand-in';
  }
  await fuses.flipFuses(electronBinary(context), fuseConfig(fuses, context.electronPlatformName));
  return 'flipped';
}

export default afterPack;
