import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir, repositoryRoot } from '../../engine/layout/test-support/layout-images';
import { dataImage } from '../../virtual-board/conformance/test-images';
import { stageLayout } from '../program/test-support/staged-fixture';

/** The CLI bundled as `npm run build` does, into node_modules/.cache so its packages resolve. */
const bundle = path.join(repositoryRoot, 'node_modules/.cache/stm32mp-flasher-tests/cli.mjs');

let dir = '';
/** The DK1 fixture with an 8 MiB rootfs, so that a signal lands mid-partition. */
let bigLayout = '';
/** The DK1 fixture with 64 KiB images. */
let layout = '';

beforeAll(async () => {
  dir = await makeTempDir();
  layout = (await stageLayout('stm32mp157a-dk1-sdcard-trusted-blog.tsv', path.join(dir, 'small'), 'mp15'))
    .layoutPath;
  const big = await stageLayout('stm32mp157a-dk1-sdcard-trusted-blog.tsv', path.join(dir, 'big'), 'mp15');
  bigLayout = big.layoutPath;
  const rootfs = big.lines.find((line) => line.id === 0x23);
  if (rootfs === undefined) throw new Error('no rootfs');
  await writeFile(path.join(dir, 'big', rootfs.binary), dataImage(8 * 1024 * 1024));
  await mkdir(path.dirname(bundle), { recursive: true });
  await build({
    entryPoints: [path.join(repositoryRoot, 'src/main/cli/index.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
});
afterAll(async () => {
  await removeTempDir(dir);
});

interface Child {
  readonly code: number | null;
  readonly stdout: string;
}

/** Runs the CLI in a child process (stdout a pipe, not a terminal); `onLine` may signal it. */
function runChild(args: readonly string[], onLine: (line: string, kill: () => void) => void): Promise<Child> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) onLine(line, () => child.kill('SIGINT'));
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

describe('the CLI as a process', () => {
  it('SIGINT mid-partition prints the result first, then exits 130', async () => {
    let signalled = false;
    const args = [
      'program',
      bigLayout,
      '--json',
      '--sim',
      '--sim-speed',
      'x20',
      '--sim-storage',
      path.join(dir, 'a'),
    ];
    const child = await runChild(args, (line, kill) => {
      if (!signalled && line.includes('"partition-progress"') && line.includes('"partitionId":35')) {
        signalled = true;
        kill();
      }
    });
    expect(signalled).toBe(true);
    expect(child.code).toBe(130);
    const last = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
    expect(last).toMatchObject({ type: 'result', ok: false, code: 'CANCELLED' });
  });

  it('prints plain lines, each timestamped, when stdout is a pipe', async () => {
    const args = ['program', layout, '--sim', '--sim-speed', 'fast', '--sim-storage', path.join(dir, 'b')];
    const child = await runChild(args, () => undefined);
    expect(child.code).toBe(0);
    const lines = child.stdout.trim().split('\n');
    const summary = lines.findIndex((line) => line.startsWith('Id '));
    expect(summary).toBeGreaterThan(5);
    for (const line of lines.slice(0, summary))
      expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /);
    expect(child.stdout).not.toContain('\r');
    expect(child.stdout).not.toContain(String.fromCharCode(0x1b));
  });
});
