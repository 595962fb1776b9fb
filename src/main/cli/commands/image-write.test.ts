import { execFile, execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCardTarget } from '../../engine/image/card-target';
import { firstDifference } from '../../engine/image/test-support/disk-comparison';
import { makeTempDir, removeTempDir } from '../../engine/layout/test-support/layout-images';
import { runCli } from '../cli-program';
import { fakeCliIo } from '../fake-cli-io';
import { allowFixedDriveVariable } from './image-write';

const run = promisify(execFile);
const driveBytes = 64 * 1024 * 1024;

/** Whether this machine lets the test attach a loop device (root, with loop support). */
function loopDevicesWork(): boolean {
  try {
    execFileSync('losetup', ['--find'], { stdio: 'ignore' });
    return process.getuid?.() === 0;
  } catch {
    return false;
  }
}

let dir = '';
let backing = '';
let loop = '';
let layout = '';
beforeAll(async () => {
  dir = await makeTempDir();
  if (!loopDevicesWork()) return;
  backing = path.join(dir, 'drive.img');
  await run('truncate', ['-s', String(driveBytes), backing]);
  loop = (await run('losetup', ['--find', '--show', backing])).stdout.trim();
  await writeFile(
    path.join(dir, 'rootfs.ext4'),
    new Uint8Array(300_000).map((_, i) => (i * 7 + 1) & 0xff),
  );
  await writeFile(path.join(dir, 'fsbl.stm32'), new Uint8Array(5000).fill(0x11));
  layout = path.join(dir, 'FlashLayout.tsv');
  await writeFile(
    layout,
    '#Opt\tId\tName\tType\tIP\tOffset\tBinary\n' +
      'P\t0x04\tfsbl1\tBinary\tmmc0\t0x00004400\tfsbl.stm32\n' +
      'P\t0x10\trootfs\tFileSystem\tmmc0\t0x00100000\trootfs.ext4\n',
  );
});
afterAll(async () => {
  if (loop !== '') await run('losetup', ['--detach', loop]);
  await removeTempDir(dir);
});

describe.runIf(loopDevicesWork())('image --write onto a loop device (root only)', () => {
  it('refuses a drive the kernel does not mark removable, saying why', async () => {
    const io = fakeCliIo({ cwd: dir });
    expect(await runCli(['image', layout, '--write', loop, '--yes'], io)).toBe(2);
    const name = path.basename(loop);
    expect(io.err()).toContain(
      `${loop} is not a removable drive (/sys/block/${name}/removable is 0): refusing to write to it.`,
    );
    process.stdout.write(`refusal shown: ${io.err()}`);
  });

  it('refuses a drive with a mounted file system', async () => {
    const numbers = (await readFile(`/sys/block/${path.basename(loop)}/dev`, 'utf8')).trim();
    const mountInfo = path.join(dir, 'mountinfo');
    await writeFile(mountInfo, `36 25 ${numbers} / /media/card rw,relatime shared:1 - ext4 ${loop} rw\n`);
    await expect(checkCardTarget(loop, { allowNotRemovable: true, mountInfo })).rejects.toThrow(
      /mounted file system \(\/media\/card\)/,
    );
  });

  it('with the test override, writes, syncs and verifies: the drive holds what the exported image holds', async () => {
    const io = fakeCliIo({ cwd: dir, env: { [allowFixedDriveVariable]: '1' } });
    expect(await runCli(['image', layout, '--write', loop, '--yes'], io), io.err()).toBe(0);
    expect(io.out()).toContain(`Written and verified: ${loop}`);
    const card = path.join(dir, 'card.img');
    const exportIo = fakeCliIo({ cwd: dir });
    expect(await runCli(['image', layout, '-o', card, '--size', String(driveBytes)], exportIo)).toBe(0);
    expect(await firstDifference(card, backing, driveBytes)).toBeNull();
    expect((await run('sgdisk', ['-v', loop])).stdout).toContain('No problems found');
  });
});

describe('image --write', () => {
  it('refuses something that is not a block device', async () => {
    const io = fakeCliIo({ cwd: dir });
    const file = path.join(dir, 'plain-file');
    await writeFile(file, 'x');
    expect(await runCli(['image', 'FlashLayout.tsv', '--write', file, '--yes'], io)).toBe(2);
    expect(io.err()).toMatch(/is not a block device/);
  });

  it('needs one of -o and --write', async () => {
    const io = fakeCliIo({ cwd: dir });
    expect(await runCli(['image', 'FlashLayout.tsv'], io)).toBe(2);
    expect(io.err()).toMatch(/either -o <card.img> or --write <device>/);
  });
});
