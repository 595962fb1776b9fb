import { spawnSync } from 'node:child_process';

/** Runs a host command to completion and returns its stdout; throws with its stderr when it fails. */
export function hostCommand(command: string, args: readonly string[], cwd?: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error !== undefined) throw new Error(`${command}: ${result.error.message}`);
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}: ${result.stderr.trim()}`);
  return result.stdout;
}

/** The shared libraries a host binary loads, as `ldd` resolves them (absolute paths); none for a static one. */
export function sharedLibraries(binary: string): string[] {
  const listed = spawnSync('ldd', [binary], { encoding: 'utf8' });
  if (listed.error !== undefined) throw new Error(`ldd: ${listed.error.message}`);
  if (listed.status !== 0) {
    if (/not a dynamic executable/.test(listed.stdout + listed.stderr)) return [];
    throw new Error(`ldd ${binary} exited with ${listed.status}: ${listed.stderr.trim()}`);
  }
  const libraries = new Set<string>();
  for (const line of listed.stdout.split('\n')) {
    const resolved = /=>\s+(\/\S+)/.exec(line) ?? /^\s*(\/\S+)/.exec(line);
    if (resolved?.[1] !== undefined) libraries.add(resolved[1]);
  }
  return [...libraries];
}
