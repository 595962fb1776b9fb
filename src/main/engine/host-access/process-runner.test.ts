import { describe, expect, it } from 'vitest';
import { spawnProcessRunner } from './process-runner';

describe('spawnProcessRunner', () => {
  it('gives the exit code and both outputs, with no shell in between', async () => {
    const ran = await spawnProcessRunner.run([
      process.execPath,
      '-e',
      'process.stdout.write("out;"); process.stderr.write("$HOME;"); process.exit(3)',
    ]);
    expect(ran).toMatchObject({ exitCode: 3, startError: null });
    // The two pipes may arrive in either order; `$HOME` is printed as is: no shell expanded it.
    expect(ran.output).toContain('out;');
    expect(ran.output).toContain('$HOME;');
  });

  it('says why a program could not be started', async () => {
    const ran = await spawnProcessRunner.run(['stm32mp-flasher-no-such-program']);
    expect(ran.exitCode).toBeNull();
    expect(ran.startError).toMatch(/ENOENT/);
  });
});
