import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layoutCheckReportSchema } from '../../../shared/layout';
import { baseImages, baseLayoutLines } from '../../engine/layout/test-support/check-case';
import {
  fixturesDir,
  listFixtures,
  makeTempDir,
  removeTempDir,
  repositoryRoot,
} from '../../engine/layout/test-support/layout-images';
import type { CliIo } from '../cli-io';
import { runCli } from '../cli-program';
import { formatBytes } from './check-command';

const fixtures = await listFixtures();

function collector(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

async function run(
  args: string[],
  cwd = repositoryRoot,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = collector();
  const stderr = collector();
  const io: CliIo = {
    stdout: stdout.stream,
    stderr: stderr.stream,
    env: {},
    cwd,
    interrupt: new AbortController().signal,
    now: () => new Date('2026-01-02T03:04:05.000Z'),
  };
  const code = await runCli(args, io);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

describe('stm32mp-flasher check', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await makeTempDir();
    for (const [name, bytes] of Object.entries(baseImages())) await writeFile(path.join(dir, name), bytes);
    await writeFile(path.join(dir, 'good.tsv'), `${baseLayoutLines.join('\n')}\n`);
    const bad = baseLayoutLines.map((line) =>
      line.replace('0x00484400', '0x00084400').replace('\tfip.bin', '\tmissing.bin'),
    );
    await writeFile(path.join(dir, 'bad.tsv'), `${bad.join('\n')}\n`);
  });
  afterAll(async () => {
    await removeTempDir(dir);
  });

  it.each(fixtures)('accepts %s with --layout-only (exit 0)', async (name) => {
    const result = await run(['check', path.join(fixturesDir, name), '--layout-only']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('prints a table, then no problem, exit 0', async () => {
    const result = await run(['check', 'good.tsv'], dir);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`2026-01-02T03:04:05.000Z Layout: ${path.join(dir, 'good.tsv')}`);
    expect(lines[1]).toBe(`2026-01-02T03:04:05.000Z Images: ${dir}`);
    expect(lines[2]).toMatch(/^Opt {2}Id {4}Name +Type +IP +Offset +Size +Binary +Status$/);
    expect(lines[3]).toMatch(/^- +0x01 +fsbl-boot +Binary +none +0x0 +4\.25 KiB +tf-a-usb\.stm32 +ok$/);
    expect(lines.at(-1)).toBe('No problem found.');
  });

  it('prints every issue as file:line:col, its hint, a summary, exit 1', async () => {
    const result = await run(['check', 'bad.tsv', '--soc', 'mp15'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('bad.tsv:3:30: error BINARY_NOT_FOUND: Cannot read');
    expect(result.stdout).toMatch(/bad\.tsv:7:\d+: error DUPLICATE_OFFSET: .*same address/);
    expect(result.stdout).toContain('    hint: ');
    expect(result.stdout).toMatch(/ERROR BINARY_NOT_FOUND/);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('3 errors, 0 warnings.');
  });

  it('prints one JSON document with --json', async () => {
    const result = await run(['check', path.join(dir, 'good.tsv'), '--json']);
    expect(result.code).toBe(0);
    const report = layoutCheckReportSchema.parse(JSON.parse(result.stdout));
    expect(report.layout).toMatchObject({ path: path.join(dir, 'good.tsv'), baseDir: dir });
    expect(report.layout.partitions[3]).toEqual({
      line: 5,
      opt: 'P',
      id: 5,
      name: 'fsbl2',
      type: 'Binary',
      ip: 'mmc0',
      offset: '0x00044400',
      binary: 'tf-a-sdcard.stm32',
      size: '8448',
      room: '262144',
    });
  });

  it.each([
    [['check', 'nowhere.tsv'], /^Error: Cannot read the layout .*nowhere\.tsv: no such file\.\n$/],
    [['check'], /^error: missing required argument 'layout.tsv'\n$/],
    [['check', 'good.tsv', '--frobnicate'], /^error: unknown option '--frobnicate'\n$/],
    [
      ['check', 'good.tsv', '--soc', 'mp99'],
      /^error: option '--soc <soc>' argument 'mp99' is invalid\. Allowed choices are mp15, mp13, mp25\.\n$/,
    ],
    [
      ['check', 'good.tsv', '--binaries-dir', 'nowhere'],
      /^Error: --binaries-dir nowhere: no such folder\.\n$/,
    ],
  ])('%j is a usage error: one line, exit 2', async (args, message) => {
    const result = await run(args, dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('formats sizes for people, exactly beyond 4 GiB', () => {
    expect([0n, 1023n, 4352n, 5n << 30n, 6_000_000_000n].map(formatBytes)).toEqual([
      '0 B',
      '1023 B',
      '4.25 KiB',
      '5.00 GiB',
      '5.59 GiB',
    ]);
  });
});

describe('the built CLI', () => {
  const launcher = path.join(repositoryRoot, 'bin', 'stm32mp-flasher.js');
  const fixture = path.join(fixturesDir, fixtures[0] ?? '');

  it('runs check as a child process (needs `node scripts/build.mjs` first)', async () => {
    expect(
      existsSync(path.join(repositoryRoot, 'out', 'cli', 'index.js')),
      'run node scripts/build.mjs',
    ).toBe(true);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [launcher, 'check', fixture, '--layout-only', '--json'],
      {
        cwd: path.parse(repositoryRoot).root,
      },
    );
    const report = layoutCheckReportSchema.parse(JSON.parse(stdout));
    expect(report.ok).toBe(true);
    const missing = await promisify(execFile)(process.execPath, [launcher, 'check', 'nowhere.tsv']).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringMatching(/^Error: .*no such file\.\n$/) });
  });
});
