import type { UdevInstallResult } from '../../shared/contract';
import { FlasherError } from '../../shared/errors';
import { pkexecInstallArgv, udevInstallCommandLine } from '../../shared/udev-rule';
import type { ProcessRunner } from '../engine/host-access/process-runner';

/** pkexec(1): 126 when the person dismissed the authentication dialog; 127 when not authorized or on an error. */
const pkexecDismissed = 126;

/**
 * Installs the udev rule through pkexec, only when the person clicked "Install rule" (the request is that click).
 * Runs exactly the command the app showed; one at a time (a second click waits for the first dialog).
 */
export class UdevRuleInstaller {
  readonly #platform: string;
  readonly #runner: ProcessRunner;
  #running: Promise<UdevInstallResult> | null = null;

  constructor(platform: string, runner: ProcessRunner) {
    this.#platform = platform;
    this.#runner = runner;
  }

  install(): Promise<UdevInstallResult> {
    if (this.#platform !== 'linux') return Promise.reject(new FlasherError('UDEV_RULE_LINUX_ONLY'));
    this.#running ??= this.#run().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #run(): Promise<UdevInstallResult> {
    const command = udevInstallCommandLine('pkexec');
    const ran = await this.#runner.run(pkexecInstallArgv);
    if (ran.startError !== null)
      return {
        outcome: 'failed',
        command,
        output: `pkexec could not be started (${ran.startError}). Install polkit, or run the command in a terminal with sudo in place of pkexec.`,
      };
    if (ran.exitCode === 0) return { outcome: 'installed', command, output: ran.output };
    if (ran.exitCode === pkexecDismissed) return { outcome: 'cancelled', command, output: ran.output };
    const output = ran.output.trim();
    return {
      outcome: 'failed',
      command,
      output: output === '' ? `pkexec ended with exit code ${String(ran.exitCode)}.` : output,
    };
  }
}
