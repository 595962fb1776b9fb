import { runCli } from './cli-program';

// The CLI's composition root: real process streams, real signals.
const interrupt = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupt.signal.aborted) process.exit(130); // a second Ctrl+C does not wait for a clean stop
    interrupt.abort();
  });
}

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  interrupt: interrupt.signal,
  now: () => new Date(),
});
process.exitCode = code;
// Whatever is still open after the command returned must not keep a script waiting.
setTimeout(() => process.exit(code), 2000).unref();
