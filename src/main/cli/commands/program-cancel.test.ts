import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultEvent } from '../../../shared/program-events';
import { makeTempDir, removeTempDir } from '../../engine/layout/test-support/layout-images';
import { dataImage } from '../../virtual-board/conformance/test-images';
import type { CliIo } from '../cli-io';
import { runCli } from '../cli-program';
import { exitCodes } from '../exit-codes';
import { fakeCliIo } from '../fake-cli-io';
import { stageLayout } from '../program/test-support/staged-fixture';

const rootfsBytes = 4 * 1024 * 1024;
const ubootBlock = 4096;

let dir = '';
let layout = '';

beforeAll(async () => {
  dir = await makeTempDir();
  const staged = await stageLayout('stm32mp157a-dk1-sdcard-trusted-blog.tsv', dir, 'mp15');
  layout = staged.layoutPath;
  const rootfs = staged.lines.find((line) => line.id === 0x23);
  if (rootfs === undefined) throw new Error('the DK1 fixture has no rootfs');
  await writeFile(path.join(dir, rootfs.binary), dataImage(rootfsBytes));
});
afterAll(async () => {
  await removeTempDir(dir);
});

/** An io whose stdout interrupts the run (as Ctrl+C would) once rootfs has received `after` bytes. */
function interruptingIo(after: number): { io: CliIo; seen: () => number | null; lines: () => unknown[] } {
  const fake = fakeCliIo({ cwd: dir });
  const lines: unknown[] = [];
  let seen: number | null = null;
  const stdout = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      for (const text of chunk.toString().split('\n').filter(Boolean)) {
        const event = JSON.parse(text) as {
          type: string;
          partitionId?: number;
          bytes?: number;
          done?: boolean;
        };
        lines.push(event);
        const progress = event.type === 'partition-progress' && event.partitionId === 0x23;
        if (progress && seen === null && (event.bytes ?? 0) >= after && event.done === false) {
          seen = event.bytes ?? 0;
          fake.interruptNow();
        }
      }
      done();
    },
  });
  return { io: { ...fake, stdout }, seen: () => seen, lines: () => lines };
}

describe('cancel', () => {
  it('mid-partition stops within one block, says what was written and what to do; the process goes on', async () => {
    const run = interruptingIo(256 * 1024);
    const args = ['program', layout, '--json', '--sim', '--sim-speed', 'x20'];
    const code = await runCli([...args, '--sim-storage', path.join(dir, 'first')], run.io);
    expect(code).toBe(exitCodes.interrupted);
    const result = run.lines().at(-1) as ResultEvent;
    expect(result).toMatchObject({ type: 'result', ok: false, code: 'CANCELLED' });
    const seen = run.seen() ?? Number.NaN;
    const rootfs = result.partitions.find((partition) => partition.id === 0x23);
    expect(rootfs?.status).toBe('cancelled');
    expect((rootfs?.bytes ?? 0) - seen).toBeLessThanOrEqual(ubootBlock);
    expect((rootfs?.bytes ?? 0) < rootfsBytes).toBe(true);
    const written = result.partitions.filter((partition) => partition.status === 'written').map((p) => p.id);
    expect(written).toEqual([0x01, 0x03, 0x04, 0x05, 0x06, 0x21, 0x22]);
    expect(result.message).toMatch(
      /cancelled; written: fsbl1-boot, ssbl-boot, fsbl1, fsbl2, ssbl, boot, vendorfs/,
    );
    expect(result.hints.at(-1)).toMatch(/Reset the board .*then program again/);

    const next = fakeCliIo({ cwd: dir });
    const again = ['program', layout, '--json', '--sim', '--sim-speed', 'fast'];
    expect(await runCli([...again, '--sim-storage', path.join(dir, 'second')], next)).toBe(exitCodes.success);
  });
});
