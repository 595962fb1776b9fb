import { describe, expect, it } from 'vitest';
import { udevInstallResultSchema, type Reply, type UdevInstallResult } from '../../shared/contract';
import { hintFor } from '../../shared/errors';
import { udevInstallCommandLine, udevInstallScript } from '../../shared/udev-rule';
import type { ProcessOutcome, ProcessRunner } from '../engine/host-access/process-runner';
import { createServices } from './create-services';

const context = { transport: 'electron', clientId: 'test' } as const;

/** Records every argv it is asked to run and answers as pkexec would; never runs anything. */
class FakeRunner implements ProcessRunner {
  readonly ran: (readonly string[])[] = [];
  #release: (() => void) | null = null;

  constructor(private readonly outcome: ProcessOutcome) {}

  /** Holds the next run until `release()`, as a password dialog does. */
  hold(): void {
    this.#release = () => undefined;
  }

  release(): void {
    this.#release?.();
  }

  run(argv: readonly [string, ...string[]]): Promise<ProcessOutcome> {
    this.ran.push(argv);
    if (this.#release === null) return Promise.resolve(this.outcome);
    return new Promise((resolve) => {
      this.#release = () => resolve(this.outcome);
    });
  }
}

function servicesWith(platform: NodeJS.Platform, runner: ProcessRunner) {
  return createServices({ transport: 'electron', platform, cwd: process.cwd(), processRunner: runner });
}

async function install(platform: NodeJS.Platform, outcome: ProcessOutcome) {
  const runner = new FakeRunner(outcome);
  const services = servicesWith(platform, runner);
  try {
    return { reply: await services.server.handle('access.installUdevRule', {}, context), runner };
  } finally {
    services.dispose();
  }
}

/** The answer of a request that succeeded, as the contract declares it. */
function answer(reply: Reply<unknown>): UdevInstallResult {
  if (!reply.ok) throw new Error(`expected an answer, got ${reply.error.code}`);
  return udevInstallResultSchema.parse(reply.value);
}

const exited = (exitCode: number, output = ''): ProcessOutcome => ({ exitCode, output, startError: null });

describe('access.installUdevRule', () => {
  it('runs exactly pkexec sh -c <the shown script>, once, and answers installed', async () => {
    const { reply, runner } = await install('linux', exited(0));
    expect(runner.ran).toEqual([['pkexec', 'sh', '-c', udevInstallScript]]);
    expect(reply).toEqual({
      ok: true,
      value: { outcome: 'installed', command: udevInstallCommandLine('pkexec'), output: '' },
    });
  });

  it('answers cancelled when the person dismissed the password dialog (pkexec exits 126)', async () => {
    const { reply } = await install(
      'linux',
      exited(126, 'Error executing command as another user: Request dismissed'),
    );
    expect(answer(reply).outcome).toBe('cancelled');
  });

  it('answers failed with what pkexec and the script printed', async () => {
    const { reply } = await install(
      'linux',
      exited(127, 'Error executing command as another user: Not authorized'),
    );
    expect(answer(reply)).toMatchObject({
      outcome: 'failed',
      output: expect.stringContaining('Not authorized'),
    });
  });

  it('answers failed, naming sudo, when pkexec is not installed', async () => {
    const { reply } = await install('linux', {
      exitCode: null,
      output: '',
      startError: 'spawn pkexec ENOENT',
    });
    expect(answer(reply).outcome).toBe('failed');
    expect(answer(reply).output).toMatch(/ENOENT.*sudo/s);
  });

  it.each(['win32', 'darwin'] as const)(
    'refuses on %s with a typed error, running nothing',
    async (platform) => {
      const { reply, runner } = await install(platform, exited(0));
      expect(runner.ran).toEqual([]);
      expect(reply).toEqual({
        ok: false,
        error: {
          code: 'UDEV_RULE_LINUX_ONLY',
          message: expect.any(String),
          hint: hintFor('UDEV_RULE_LINUX_ONLY', platform),
        },
      });
    },
  );

  it('opens one password dialog for two clicks', async () => {
    const runner = new FakeRunner(exited(0));
    runner.hold();
    const services = servicesWith('linux', runner);
    try {
      const first = services.server.handle('access.installUdevRule', {}, context);
      const second = services.server.handle('access.installUdevRule', {}, context);
      await new Promise((resolve) => setImmediate(resolve));
      runner.release();
      expect((await first).ok && (await second).ok).toBe(true);
      expect(runner.ran).toHaveLength(1);
    } finally {
      services.dispose();
    }
  });
});
