import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { afterPack } from './after-pack.mjs';
import { standInMarker } from './electron-stand-in.mjs';

const folders: string[] = [];
function appOutDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'after-pack-'));
  folders.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function context(platform: 'linux' | 'win32' | 'darwin', dir: string) {
  return {
    appOutDir: dir,
    electronPlatformName: platform,
    packager: { executableName: 'stm32mp-flasher', appInfo: { productFilename: 'STM32MP Flasher' } },
  };
}

type FlipFuses = (binary: string, config: Record<string, unknown>) => Promise<void>;

function fakeFuses() {
  const flipFuses = vi.fn<FlipFuses>(async () => undefined);
  return { flipFuses, FuseVersion, FuseV1Options };
}

/** The flipped fuses by name, as `npx @electron/fuses read` prints them. */
function byName(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(FuseV1Options)
      .filter(([, value]) => typeof value === 'number' && String(value) in config)
      .map(([name, value]) => [name, config[String(value)]]),
  );
}

describe('the afterPack hook', () => {
  it('flips exactly the fuses of a hardened build on the Linux executable', async () => {
    const fuses = fakeFuses();
    const dir = appOutDir();
    expect(await afterPack(context('linux', dir), fuses)).toBe('flipped');
    expect(fuses.flipFuses).toHaveBeenCalledTimes(1);
    const [binary, config] = fuses.flipFuses.mock.calls[0]!;
    expect(binary).toBe(join(dir, 'stm32mp-flasher'));
    expect(config.version).toBe(FuseVersion.V1);
    expect(config.resetAdHocDarwinSignature).toBe(false);
    expect(byName(config)).toEqual({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
    });
    expect(Object.keys(config)).toHaveLength(8);
  });

  it('targets the .exe on Windows and the .app on macOS, re-signing ad hoc there', async () => {
    const fuses = fakeFuses();
    const dir = appOutDir();
    await afterPack(context('win32', dir), fuses);
    await afterPack(context('darwin', dir), fuses);
    expect(fuses.flipFuses.mock.calls.map(([binary]) => binary)).toEqual([
      join(dir, 'STM32MP Flasher.exe'),
      join(dir, 'STM32MP Flasher.app'),
    ]);
    expect(fuses.flipFuses.mock.calls[1]![1].resetAdHocDarwinSignature).toBe(true);
  });

  it('leaves the Electron stand-in of npm run dist:dir alone (it has no fuse wire)', async () => {
    const fuses = fakeFuses();
    const dir = appOutDir();
    writeFileSync(join(dir, standInMarker), '');
    expect(await afterPack(context('linux', dir), fuses)).toBe('stand-in');
    expect(fuses.flipFuses).not.toHaveBeenCalled();
  });
});
