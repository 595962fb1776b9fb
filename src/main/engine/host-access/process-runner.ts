import { spawn } from 'node:child_process';

/** How a program ended: its exit code and what it printed, or why it could not be started. */
export interface ProcessOutcome {
  /** null when it was not started, or was ended by a signal. */
  readonly exitCode: number | null;
  /** stdout and stderr as they came, at most `outputLimit` characters. */
  readonly output: string;
  /** Why it could not be started (`spawn pkexec ENOENT`), else null. */
  readonly startError: string | null;
}

/** Runs one program from its argv, never through a shell; injected, so that tests never elevate anything. */
export interface ProcessRunner {
  run(argv: readonly [string, ...string[]]): Promise<ProcessOutcome>;
}

const outputLimit = 64 * 1024;

/** The real runner: `child_process.spawn` without a shell, no input, output collected. */
export const spawnProcessRunner: ProcessRunner = {
  run: ([command, ...args]) =>
    new Promise((resolve) => {
      let output = '';
      const collect = (chunk: Buffer) => {
        if (output.length < outputLimit) output = (output + chunk.toString('utf8')).slice(0, outputLimit);
      };
      // windowsHide: no console window flashes up for powershell.exe behind the app (ignored elsewhere); the
      // installer it starts elevated opens its own window, as Windows does for a batch file.
      const child = spawn(command, args, {
        shell: false,
        windowsHide: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.on('data', collect);
      child.stderr.on('data', collect);
      child.on('error', (error) => resolve({ exitCode: null, output, startError: error.message }));
      child.on('close', (code) => resolve({ exitCode: code, output, startError: null }));
    }),
};
