import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repositoryRoot } from '../../src/main/engine/layout/test-support/layout-images';
import { writeCpio } from './cpio-archive';

/**
 * The packages the built CLI imports at run time: out/cli/index.js keeps packages external, so its `from "…"` and
 * `import("…")` specifiers name them (a new dependency of the CLI comes along without a list to keep).
 */
function cliPackages(cli: string): string[] {
  const text = readFileSync(cli, 'utf8');
  const names = new Set<string>();
  for (const match of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*)"([^".][^"]*)"/g)) {
    const specifier = match[1] ?? '';
    if (specifier.startsWith('node:')) continue;
    const parts = specifier.split('/');
    names.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier));
  }
  return [...names];
}
/** Build-time only: never loaded by the CLI. */
const notAtRunTime = new Set(['@types/w3c-web-usb', 'node-addon-api']);

interface PackageJson {
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
}

function runtimeClosure(cli: string): string[] {
  const seen = new Set<string>();
  const visit = (name: string): void => {
    const dir = path.join(repositoryRoot, 'node_modules', name);
    if (seen.has(name) || notAtRunTime.has(name) || !existsSync(dir)) return;
    seen.add(name);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson;
    for (const dependency of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies }))
      visit(dependency);
  };
  cliPackages(cli).forEach(visit);
  return [...seen];
}

/** Keeps only the Linux x86-64 native builds (the guest's), so the archive stays small. */
function nativeBuildFilter(source: string): boolean {
  const prebuilds = `${path.sep}prebuilds${path.sep}`;
  const at = source.indexOf(prebuilds);
  if (at < 0) return true;
  const platform = source.slice(at + prebuilds.length).split(path.sep)[0];
  return platform === undefined || platform === '' || platform === 'linux-x64';
}

/**
 * The app as the guest runs it, under /app: the built CLI (`out/cli/index.js`, exactly what `npm run build`
 * made), its launcher, package.json, and the run-time packages with their native `usb` module. Built for each
 * run (it changes with every build), as a second cpio beside the cached base.
 */
export function buildAppArchive(outFile: string): void {
  const cli = path.join(repositoryRoot, 'out', 'cli', 'index.js');
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
  const root = mkdtempSync(path.join(tmpdir(), 'stm32mp-guest-app-'));
  try {
    const app = path.join(root, 'app');
    cpSync(path.join(repositoryRoot, 'out', 'cli'), path.join(app, 'out', 'cli'), { recursive: true });
    cpSync(path.join(repositoryRoot, 'bin'), path.join(app, 'bin'), { recursive: true });
    cpSync(path.join(repositoryRoot, 'package.json'), path.join(app, 'package.json'));
    for (const name of runtimeClosure(cli))
      cpSync(path.join(repositoryRoot, 'node_modules', name), path.join(app, 'node_modules', name), {
        recursive: true,
        filter: nativeBuildFilter,
      });
    writeCpio(root, outFile);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
