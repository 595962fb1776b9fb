import { runCli } from './cli-program';
import type { ExitCode } from './exit-codes';

/**
 * Runs one command line in this process with the real streams and signals: the CLI's entry (`index.ts`) and
 * the packaged app started with a command (`app-main.ts`) both come here.
 */
export async function runCliProcess(argv: readonly string[]): Promise<ExitCode> {
  const interrupt = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (interrupt.signal.aborted) process.exit(130); // a second Ctrl+C does not wait for a clean stop
      interrupt.abort();
    });
  }
  return runCli(argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    interrupt: interrupt.signal,
    now: () => new Date(),
  });
}
