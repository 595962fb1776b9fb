import { listPackage, statFile } from '@electron/asar';
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

// Slow (about half a minute): `npm run dist:dir` without its build step (`npm test` built first), then the
// unpacked Linux app it made is read as a user's machine would get it.
const root = fileURLToPath(new URL('../..', import.meta.url));
const resources = `${root}dist/linux-unpacked/resources`;
const archive = `${resources}/app.asar`;
const unpacked = `${resources}/app.asar.unpacked`;

interface PackageJson {
  readonly dependencies: Record<string, string>;
  readonly devDependencies: Record<string, string>;
}
interface LockEntry {
  readonly dev?: boolean;
  readonly optional?: boolean;
  readonly devOptional?: boolean;
}
const manifest = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as PackageJson;
const lock = JSON.parse(readFileSync(`${root}package-lock.json`, 'utf8')) as {
  packages: Record<string, LockEntry>;
};
// A git worktree whose node_modules links to another checkout's: `npm ls` (which electron-builder reads) does
// not walk through the link, misses dependencies of dependencies, and the build stops (allowMissingDependencies
// false). Fresh clones (`npm ci`, CI) are exact; there every check below runs.
const linkedNodeModules = lstatSync(`${root}node_modules`).isSymbolicLink();

const nameOf = (path: string): string => path.replace(/^.*node_modules\//, '');
let files: string[] = [];
let packagesInside = new Set<string>();

beforeAll(() => {
  if (linkedNodeModules) return;
  const built = spawnSync(process.execPath, ['scripts/packaging/dist-dir.mjs', '--no-build'], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(built.status, `${built.stdout}\n${built.stderr}`).toBe(0);
  files = listPackage(archive, { isPack: false }).map((file) => file.replaceAll('\\', '/'));
  packagesInside = new Set(
    files
      .map((file) => /^\/(?:.*\/)?node_modules\/((?:@[^/]+\/)?[^/]+)\/package\.json$/.exec(file)?.[1])
      .filter((name): name is string => name !== undefined),
  );
}, 240_000);

describe.skipIf(linkedNodeModules)('npm run dist:dir: the unpacked Linux app', () => {
  it('has the main, preload and renderer bundles (and the CLI) inside app.asar, with no source map', () => {
    for (const bundle of ['/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html'])
      expect(files).toContain(bundle);
    expect(files).toContain('/out/cli/index.js');
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
    expect(files.filter((file) => /^\/out\/.*\.test\./.test(file))).toEqual([]);
  });

  it('keeps the .node files of usb and serialport outside the archive, in app.asar.unpacked', () => {
    for (const native of [
      'node_modules/usb/prebuilds/linux-x64/node.napi.glibc.node',
      'node_modules/@serialport/bindings-cpp/prebuilds/linux-x64/@serialport+bindings-cpp.glibc.node',
    ])
      expect(existsSync(`${unpacked}/${native}`), native).toBe(true);
    const nodeFiles = files.filter((file) => file.endsWith('.node'));
    expect(nodeFiles.length).toBeGreaterThan(1);
    for (const file of nodeFiles) {
      expect((statFile(archive, file.slice(1)) as { unpacked?: boolean }).unpacked, file).toBe(true);
      expect(existsSync(`${unpacked}${file}`), file).toBe(true);
    }
  });

  it('holds no devDependency', () => {
    const dev = Object.keys(manifest.devDependencies);
    expect(dev.filter((name) => packagesInside.has(name))).toEqual([]);
    expect(dev.filter((name) => existsSync(`${unpacked}/node_modules/${name}`))).toEqual([]);
  });

  it('holds every production dependency, and their own dependencies', () => {
    const production = Object.entries(lock.packages)
      .filter(([path, entry]) => path.includes('node_modules/') && !entry.dev && !entry.devOptional)
      .filter(([, entry]) => !entry.optional)
      .map(([path]) => nameOf(path));
    expect(production).toEqual(expect.arrayContaining(Object.keys(manifest.dependencies)));
    expect([...new Set(production)].filter((name) => !packagesInside.has(name))).toEqual([]);
  });
});
