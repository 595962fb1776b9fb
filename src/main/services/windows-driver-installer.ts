import type { WindowsDriverInstallerInfo, WindowsDriverInstallResult } from '../../shared/contract';
import { FlasherError } from '../../shared/errors';
import {
  stDriverInstallArgv,
  stDriverInstallCommandLine,
  uacDeclinedExitCode,
} from '../../shared/st-dfu-driver';
import { findStDriverInstaller, type FileExists } from '../engine/host-access/find-st-driver-installer';
import type { ProcessRunner } from '../engine/host-access/process-runner';

/**
 * Windows: runs ST's DFU driver installer (STM32CubeProgrammer's `STM32Bootloader.bat`) through Windows'
 * administrator prompt, only when the person clicked "Install ST's DFU driver" (the request is that click). The path
 * is found here, never taken from the client; one run at a time.
 */
export class WindowsDriverInstaller {
  readonly #platform: string;
  readonly #env: Readonly<Record<string, string | undefined>>;
  readonly #fileExists: FileExists;
  readonly #runner: ProcessRunner;
  #running: Promise<WindowsDriverInstallResult> | null = null;

  constructor(options: {
    platform: string;
    env: Readonly<Record<string, string | undefined>>;
    fileExists: FileExists;
    runner: ProcessRunner;
  }) {
    this.#platform = options.platform;
    this.#env = options.env;
    this.#fileExists = options.fileExists;
    this.#runner = options.runner;
  }

  /** The installer and its command, or nulls (not Windows, or not installed): what the renderer shows. */
  async installer(): Promise<WindowsDriverInstallerInfo> {
    const installer =
      this.#platform === 'win32' ? await findStDriverInstaller(this.#env, this.#fileExists) : null;
    return { installer, command: installer === null ? null : stDriverInstallCommandLine(installer) };
  }

  install(): Promise<WindowsDriverInstallResult> {
    if (this.#platform !== 'win32') return Promise.reject(new FlasherError('WINDOWS_DRIVER_WINDOWS_ONLY'));
    this.#running ??= this.#run().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #run(): Promise<WindowsDriverInstallResult> {
    const installer = await findStDriverInstaller(this.#env, this.#fileExists);
    if (installer === null) throw new FlasherError('ST_DRIVER_INSTALLER_NOT_FOUND');
    const command = stDriverInstallCommandLine(installer);
    const ran = await this.#runner.run(stDriverInstallArgv(installer));
    const output = ran.output.trim();
    if (ran.startError !== null)
      return {
        outcome: 'failed',
        command,
        exitCode: null,
        output: `PowerShell could not be started (${ran.startError}). Run ${installer} as administrator from Explorer (right-click, Run as administrator).`,
      };
    if (ran.exitCode === 0) return { outcome: 'done', command, exitCode: 0, output };
    if (ran.exitCode === uacDeclinedExitCode) return { outcome: 'declined', command, exitCode: null, output };
    return {
      outcome: 'failed',
      command,
      exitCode: ran.exitCode,
      output: output === '' ? `The installer ended with exit code ${String(ran.exitCode)}.` : output,
    };
  }
}
