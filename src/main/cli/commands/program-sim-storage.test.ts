import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir, repositoryRoot } from '../../engine/layout/test-support/layout-images';
import { runCli } from '../cli-program';
import { exitCodes } from '../exit-codes';
import { fakeCliIo } from '../fake-cli-io';
import type { StagedFixture } from '../program/test-support/staged-fixture';
import { stageLayout } from '../program/test-support/staged-fixture';
import { dataImage } from '../../virtual-board/conformance/test-images';

let dir = '';
let staged: StagedFixture;

beforeAll(async () => {
  dir = await makeTempDir();
  staged = await stageLayout('stm32mp157a-dk1-sdcard-trusted-blog.tsv', path.join(dir, 'dk1'), 'mp15');
});
afterAll(async () => {
  await removeTempDir(dir);
});

/** Each programmed mmc0 partition, read back from the memory file, equals its image. */
async function imageIntact(storage: string): Promise<boolean> {
  const file = await open(path.join(storage, 'mmc0.img'), 'r');
  try {
    for (const line of staged.lines.filter((entry) => entry.ip === 'mmc0')) {
      const image = staged.images.get(line.id);
      if (image === undefined) continue;
      const bytes = new Uint8Array(image.length);
      await file.read(bytes, 0, bytes.length, Number(line.offset));
      if (Buffer.compare(bytes, image) !== 0) return false;
    }
    return true;
  } finally {
    await file.close();
  }
}

function runBuilt(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const bin = path.join(repositoryRoot, 'bin/stm32mp-flasher.js');
  const child = spawn(process.execPath, [bin, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('--sim-storage', () => {
  it('two program --sim on one folder at once: the second exits 2 saying so, the first programs intact', async () => {
    const storage = path.join(dir, 'shared-storage');
    const args = ['program', staged.layoutPath, '--sim', '--sim-speed', 'fast', '--sim-storage', storage];
    const runs = await Promise.all([runBuilt(args), runBuilt(args)]);
    const codes = runs.map((run) => run.code).sort();
    expect(codes).toEqual([exitCodes.success, exitCodes.cannotStart]);
    const refused = runs.find((run) => run.code === exitCodes.cannotStart);
    expect(refused?.stderr.trim()).toMatch(
      /^Error: --sim-storage .*shared-storage is in use by another simulation \(process \d+\)/,
    );
    expect(refused?.stderr).not.toMatch(/\n\s+at /);
    expect(await imageIntact(storage)).toBe(true);
    expect(existsSync(path.join(storage, '.stm32mp-flasher.lock'))).toBe(false);
  }, 30_000);

  it.runIf(process.platform !== 'win32')(
    'a memory file that is a symbolic link is refused, its target untouched',
    async () => {
      const storage = path.join(dir, 'linked');
      await mkdir(storage, { recursive: true });
      const target = path.join(dir, 'precious.bin');
      await writeFile(target, 'precious');
      await symlink(target, path.join(storage, 'mmc0.img'));
      const io = fakeCliIo({ cwd: dir });
      const args = ['program', staged.layoutPath, '--sim', '--sim-speed', 'fast', '--sim-storage', storage];
      expect(await runCli(args, io)).toBe(exitCodes.cannotStart);
      expect(io.err()).toMatch(/mmc0\.img is a symbolic link; it is not followed/);
      expect(await readFile(target, 'utf8')).toBe('precious');
      expect((await stat(target)).size).toBe(8);
    },
  );

  it('program --sim without --sim-storage interrupted by SIGINT mid-run removes its temporary folder too', async () => {
    // An 8 MiB rootfs, so that the signal lands mid-run.
    const big = await stageLayout('stm32mp157a-dk1-sdcard-trusted-blog.tsv', path.join(dir, 'big'), 'mp15');
    const rootfs = big.lines.find((line) => line.id === 0x23);
    if (rootfs === undefined) throw new Error('no rootfs');
    await writeFile(path.join(dir, 'big', rootfs.binary), dataImage(8 * 1024 * 1024));
    const bin = path.join(repositoryRoot, 'bin/stm32mp-flasher.js');
    const args = ['program', big.layoutPath, '--json', '--sim', '--sim-speed', 'x20'];
    const child = spawn(process.execPath, [bin, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let printed = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      printed ||= /Virtual board memories: (\S+)/.exec(stdout)?.[1] ?? '';
      if (stdout.includes('"partition-progress"') && !child.killed) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(exitCodes.interrupted);
    expect(printed).toContain('stm32mp-flasher-sim-');
    expect(existsSync(printed)).toBe(false);
  }, 30_000);

  it('program --sim without --sim-storage removes the temporary folder it printed', async () => {
    const io = fakeCliIo({ cwd: dir });
    const args = ['program', staged.layoutPath, '--sim', '--sim-speed', 'fast'];
    expect(await runCli(args, io)).toBe(exitCodes.success);
    const printed = /Virtual board memories: (\S+)/.exec(io.out())?.[1] ?? '';
    expect(printed).toContain('stm32mp-flasher-sim-');
    expect(existsSync(printed)).toBe(false);
  });

  it('serve --sim without --sim-storage removes its temporary folder when stopped with Ctrl+C', async () => {
    const io = fakeCliIo({ cwd: dir });
    const running = runCli(['serve', '--port', '0', '--sim', '--data-dir', path.join(dir, 'data')], io);
    for (let i = 0; i < 300 && !io.out().includes('Ctrl+C'); i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    const printed = /Virtual board memories: (\S+)/.exec(io.out())?.[1] ?? '';
    expect(printed).toContain('stm32mp-flasher-sim-');
    expect(existsSync(printed)).toBe(true);
    io.interruptNow();
    expect(await running).toBe(exitCodes.interrupted);
    expect(existsSync(printed)).toBe(false);
  });
});
