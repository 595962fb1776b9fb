import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconnectTimeout } from '../../../shared/deadlines';
import { makeTempDir, removeTempDir } from '../../engine/layout/test-support/layout-images';
import { runCli } from '../cli-program';
import { exitCodes } from '../exit-codes';
import { fakeCliIo } from '../fake-cli-io';
import { stageLayout } from '../program/test-support/staged-fixture';

let dir = '';
let layout = '';

beforeAll(async () => {
  dir = await makeTempDir();
  layout = (await stageLayout('stm32mp157a-dk1-sdcard-trusted-blog.tsv', path.join(dir, 'dk1'), 'mp15'))
    .layoutPath;
});
afterAll(async () => {
  await removeTempDir(dir);
});

async function cli(args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  const io = fakeCliIo({ cwd: dir });
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

/** `serve` with a value: exit code and stderr once it refused, or once it listened and was interrupted. */
async function serve(value: string): Promise<{ code: number; err: string; listened: boolean }> {
  const io = fakeCliIo({ cwd: dir });
  const args = ['serve', '--port', '0', '--data-dir', path.join(dir, 'data')];
  const running = runCli([...args, '--reconnect-timeout', value], io);
  let settled = false;
  void running.finally(() => (settled = true));
  for (let i = 0; i < 300 && !settled && !io.out().includes('Listening on'); i++)
    await new Promise((resolve) => setTimeout(resolve, 10));
  const listened = io.out().includes('Listening on');
  io.interruptNow();
  return { code: await running, err: io.err(), listened };
}

const program = (value: string) =>
  cli([
    'program',
    layout,
    '--reconnect-timeout',
    value,
    '--sim',
    '--sim-speed',
    'fast',
    '--sim-storage',
    path.join(dir, `s-${value}`),
  ]);

describe('--reconnect-timeout: one range for serve and program', () => {
  it.each([['99'], ['600001'], ['0'], ['soon']])(
    'serve and program refuse %s with the same message, exit 2',
    async (value) => {
      const served = await serve(value);
      const programmed = await cli(['program', layout, '--reconnect-timeout', value]);
      expect(served.code).toBe(exitCodes.cannotStart);
      expect(programmed.code).toBe(exitCodes.cannotStart);
      const message = `milliseconds from ${reconnectTimeout.minMs} to ${reconnectTimeout.maxMs} are needed`;
      expect(served.err).toContain(message);
      expect(programmed.err).toContain(message);
      const reason = (err: string) => err.split('\n').find((line) => line.includes(message));
      expect(reason(programmed.err)).toBe(reason(served.err));
    },
  );

  it.each([[String(reconnectTimeout.minMs)], [String(reconnectTimeout.maxMs)]])(
    'serve and program both accept %s',
    async (value) => {
      const served = await serve(value);
      expect(served.listened).toBe(true);
      expect(served.code).toBe(exitCodes.interrupted);
      const programmed = await program(value);
      expect(programmed.err).not.toContain('are needed');
      // The run reached the board: it succeeded, or (100 ms is short) failed there; never a usage error.
      expect([exitCodes.success, exitCodes.failed]).toContain(programmed.code);
    },
  );

  it('program waits 30 s by default, as the help says', async () => {
    const help = await cli(['program', '--help']);
    expect(help.out).toMatch(/--reconnect-timeout <ms>[\s\S]*100 to 600000[\s\S]*default: 30000/);
  });
});
