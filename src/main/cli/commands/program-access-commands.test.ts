import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { udevInstallScript } from '../../../shared/udev-rule';
import { makeTempDir, removeTempDir } from '../../engine/layout/test-support/layout-images';
import { runCli } from '../cli-program';
import { fakeCliIo } from '../fake-cli-io';
import { stageLayout } from '../program/test-support/staged-fixture';

let dir = '';
let layoutPath = '';

beforeAll(async () => {
  dir = await makeTempDir();
  layoutPath = (await stageLayout('stm32mp157a-dk1-sdcard-trusted-blog.tsv', dir, 'mp15')).layoutPath;
});
afterAll(async () => {
  await removeTempDir(dir);
});

/** A board the host refuses to open (LIBUSB_ERROR_ACCESS after its first re-enumeration), on the given OS. */
async function refusedRun(platform: NodeJS.Platform): Promise<string> {
  const io = fakeCliIo({ cwd: dir });
  await runCli(
    ['program', layoutPath, '--sim', '--sim-speed', 'fast', '--sim-platform', platform].concat([
      '--sim-fault',
      'unopenable',
      '--reconnect-timeout',
      '1000',
      '--leave-timeout',
      '1000',
    ]),
    io,
  );
  return io.out() + io.err();
}

describe('program on a board the host refuses (LIBUSB_ERROR_ACCESS)', () => {
  // The hints follow the OS the CLI runs on (a simulated platform changes the backend, not the host).
  it.runIf(process.platform === 'linux')(
    'prints, on Linux, the commands that install the udev rule, line for line as the app runs them',
    async () => {
      const said = await refusedRun('linux');
      expect(said).toContain('DEVICE_RETURNED_UNOPENABLE');
      for (const line of udevInstallScript.split('\n')) expect(said).toContain(line);
      expect(said).toContain("sudo sh -c 'set -e");
    },
  );
});
