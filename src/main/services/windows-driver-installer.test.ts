import { describe, expect, it } from 'vitest';
import {
  windowsDriverInstallerInfoSchema,
  windowsDriverInstallResultSchema,
  type Reply,
  type WindowsDriverInstallResult,
} from '../../shared/contract';
import { hintFor } from '../../shared/errors';
import {
  stDriverInstallArgv,
  stDriverInstallCommandLine,
  stDriverInstallerDefaultPath,
} from '../../shared/st-dfu-driver';
import type { ProcessOutcome, ProcessRunner } from '../engine/host-access/process-runner';
import { createServices } from './create-services';

const context = { transport: 'electron', clientId: 'test' } as const;
const env = { ProgramFiles: 'C:\\Program Files', 'ProgramFiles(x86)': 'C:\\Program Files (x86)' };

/** Records every argv it is asked to run and answers as PowerShell would; never runs anything. */
class FakeRunner implements ProcessRunner {
  readonly ran: (readonly string[])[] = [];
  constructor(private readonly outcome: ProcessOutcome) {}
  run(argv: readonly [string, ...string[]]): Promise<ProcessOutcome> {
    this.ran.push(argv);
    return Promise.resolve(this.outcome);
  }
}

/** The services on a computer whose files are `present` (the installer, or nothing). */
function servicesOn(platform: NodeJS.Platform, present: readonly string[], outcome: ProcessOutcome) {
  const runner = new FakeRunner(outcome);
  const checked: string[] = [];
  const services = createServices({
    transport: 'electron',
    platform,
    cwd: process.cwd(),
    processRunner: runner,
    env,
    fileExists: (path) => {
      checked.push(path);
      return Promise.resolve(present.includes(path));
    },
  });
  return { services, runner, checked };
}

async function request(
  name: 'access.installWindowsDriver' | 'access.windowsDriverInstaller',
  platform: NodeJS.Platform,
  present: readonly string[],
  outcome: ProcessOutcome = exited(0),
) {
  const { services, runner, checked } = servicesOn(platform, present, outcome);
  try {
    return { reply: await services.server.handle(name, {}, context), runner, checked };
  } finally {
    services.dispose();
  }
}

function answer(reply: Reply<unknown>): WindowsDriverInstallResult {
  if (!reply.ok) throw new Error(`expected an answer, got ${reply.error.code}`);
  return windowsDriverInstallResultSchema.parse(reply.value);
}

const exited = (exitCode: number, output = ''): ProcessOutcome => ({ exitCode, output, startError: null });
const installed = [stDriverInstallerDefaultPath];
const command = stDriverInstallCommandLine(stDriverInstallerDefaultPath);

describe('access.windowsDriverInstaller', () => {
  it('answers the installer found and the exact command the button runs', async () => {
    const { reply } = await request('access.windowsDriverInstaller', 'win32', installed);
    expect(reply).toEqual({ ok: true, value: { installer: stDriverInstallerDefaultPath, command } });
  });

  it('answers nulls when STM32CubeProgrammer is not installed', async () => {
    const { reply, checked } = await request('access.windowsDriverInstaller', 'win32', []);
    expect(reply.ok && windowsDriverInstallerInfoSchema.parse(reply.value)).toEqual({
      installer: null,
      command: null,
    });
    expect(checked).toHaveLength(2);
  });

  it('answers nulls off Windows without looking at any file', async () => {
    const { reply, checked } = await request('access.windowsDriverInstaller', 'linux', installed);
    expect(reply).toEqual({ ok: true, value: { installer: null, command: null } });
    expect(checked).toEqual([]);
  });
});

describe('access.installWindowsDriver', () => {
  it('runs ST’s installer through the administrator prompt, as argv, and says it is done', async () => {
    const { reply, runner } = await request('access.installWindowsDriver', 'win32', installed);
    expect(runner.ran).toEqual([stDriverInstallArgv(stDriverInstallerDefaultPath)]);
    expect(answer(reply)).toEqual({ outcome: 'done', command, exitCode: 0, output: '' });
  });

  it('finds it under Program Files (x86) too', async () => {
    const x86 = stDriverInstallerDefaultPath.replace('Program Files', 'Program Files (x86)');
    const { reply, runner } = await request('access.installWindowsDriver', 'win32', [x86]);
    expect(runner.ran).toEqual([stDriverInstallArgv(x86)]);
    expect(answer(reply).outcome).toBe('done');
  });

  it('tells a No at the UAC prompt (ERROR_CANCELLED, 1223) from a failure', async () => {
    const { reply } = await request('access.installWindowsDriver', 'win32', installed, exited(1223));
    expect(answer(reply)).toEqual({ outcome: 'declined', command, exitCode: null, output: '' });
  });

  it('shows what PowerShell said when the installer failed, else its exit code', async () => {
    const said = await request(
      'access.installWindowsDriver',
      'win32',
      installed,
      exited(1, 'Access is denied.\r\n'),
    );
    expect(answer(said.reply)).toEqual({
      outcome: 'failed',
      command,
      exitCode: 1,
      output: 'Access is denied.',
    });
    const silent = await request('access.installWindowsDriver', 'win32', installed, exited(5));
    expect(answer(silent.reply).output).toBe('The installer ended with exit code 5.');
  });

  it('says so when PowerShell cannot be started', async () => {
    const { reply } = await request('access.installWindowsDriver', 'win32', installed, {
      exitCode: null,
      output: '',
      startError: 'spawn powershell.exe ENOENT',
    });
    const result = answer(reply);
    expect(result.outcome).toBe('failed');
    expect(result.output).toContain('spawn powershell.exe ENOENT');
  });

  it('refuses, running nothing, when the installer is not there', async () => {
    const { reply, runner } = await request('access.installWindowsDriver', 'win32', []);
    expect(reply).toMatchObject({ ok: false, error: { code: 'ST_DRIVER_INSTALLER_NOT_FOUND' } });
    expect(runner.ran).toEqual([]);
  });

  it.each(['linux', 'darwin'] as const)(
    'refuses on %s with WINDOWS_DRIVER_WINDOWS_ONLY',
    async (platform) => {
      const { reply, runner, checked } = await request('access.installWindowsDriver', platform, installed);
      expect(reply).toEqual({
        ok: false,
        error: {
          code: 'WINDOWS_DRIVER_WINDOWS_ONLY',
          message: expect.any(String) as string,
          hint: hintFor('WINDOWS_DRIVER_WINDOWS_ONLY', platform),
        },
      });
      expect(runner.ran).toEqual([]);
      expect(checked).toEqual([]);
    },
  );

  it('takes no path from the client', async () => {
    const { services, runner } = servicesOn('win32', installed, exited(0));
    try {
      const reply = await services.server.handle(
        'access.installWindowsDriver',
        { installer: 'C:\\evil.bat' },
        context,
      );
      expect(reply.ok).toBe(false);
      expect(runner.ran).toEqual([]);
    } finally {
      services.dispose();
    }
  });
});
