import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxLayoutBytes } from '../../engine/layout/read-layout-file';
import { maxLayoutLines } from '../../engine/layout/read-layout-text';
import { makeTempDir, removeTempDir } from '../../engine/layout/test-support/layout-images';
import { runCli } from '../cli-program';
import { exitCodes } from '../exit-codes';
import { fakeCliIo } from '../fake-cli-io';

// Issue 20 items 3 and 4: a FIFO named as the layout used to hang `check` and `program` for ever (open waited
// for a writer, deaf to SIGINT); a 1 MiB file of newlines took seconds on the event loop. Each ends by itself.
const generous = 10_000;
let dir = '';
let fifo = '';

beforeAll(async () => {
  dir = await makeTempDir();
  fifo = path.join(dir, 'layout.tsv');
  const made = spawnSync('mkfifo', [fifo]);
  if (made.status !== 0) throw new Error(`mkfifo: ${String(made.stderr)}`);
});
afterAll(async () => {
  await removeTempDir(dir);
});

describe('a layout that is not a regular file', () => {
  it(
    '`check` on a FIFO exits 2 at once, saying it is a named pipe',
    async () => {
      const io = fakeCliIo({ cwd: dir });
      expect(await runCli(['check', fifo], io)).toBe(exitCodes.cannotStart);
      expect(io.err()).toMatch(/named pipe \(FIFO\), not a file/);
    },
    generous,
  );

  it(
    '`program --sim` on a FIFO exits 2 before any board is used, with LAYOUT_NOT_A_FILE',
    async () => {
      const io = fakeCliIo({ cwd: dir });
      const code = await runCli(['program', fifo, '--sim', '--sim-speed', 'fast'], io);
      expect(code).toBe(exitCodes.cannotStart);
      expect(io.err()).toMatch(/LAYOUT_NOT_A_FILE: .*named pipe \(FIFO\)/);
    },
    generous,
  );

  it(
    '`check` on a folder says it is a folder',
    async () => {
      const io = fakeCliIo({ cwd: dir });
      expect(await runCli(['check', dir], io)).toBe(exitCodes.cannotStart);
      expect(io.err()).toMatch(/it is a folder, not a file/);
    },
    generous,
  );
});

describe('a layout larger than any layout', () => {
  it(
    'a 1 MiB file of newlines is refused unread, fast, naming the limit',
    async () => {
      const file = path.join(dir, 'newlines.tsv');
      await writeFile(file, '\n'.repeat((1 << 20) - 1));
      const io = fakeCliIo({ cwd: dir });
      const started = performance.now();
      expect(await runCli(['check', file], io)).toBe(exitCodes.cannotStart);
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(io.err()).toContain(`is ${(1 << 20) - 1} bytes, more than the ${maxLayoutBytes} (256 KiB)`);
    },
    generous,
  );

  it(
    'a file of newlines under the size limit is refused before parsing, naming the line limit',
    async () => {
      const file = path.join(dir, 'newlines-small.tsv');
      await writeFile(file, '\n'.repeat(maxLayoutBytes - 1));
      const io = fakeCliIo({ cwd: dir });
      expect(await runCli(['check', file], io)).toBe(exitCodes.cannotStart);
      expect(io.err()).toContain(`has ${maxLayoutBytes - 1} lines, more than the ${maxLayoutLines}`);
    },
    generous,
  );
});
