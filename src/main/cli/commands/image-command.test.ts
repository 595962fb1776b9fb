import { execFile } from 'node:child_process';
import { access, open, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstDifference } from '../../engine/image/test-support/disk-comparison';
import { makeTempDir, removeTempDir } from '../../engine/layout/test-support/layout-images';
import { runCli } from '../cli-program';
import { fakeCliIo } from '../fake-cli-io';

const run = promisify(execFile);
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

let dir = '';
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => {
  await removeTempDir(dir);
});

/** A one-partition SD-card layout whose image is `bytes` of one non-zero pattern, written in 4 MiB chunks. */
async function layoutWithData(name: string, bytes: number): Promise<string> {
  const work = path.join(dir, name);
  await run('mkdir', ['-p', work]);
  const handle = await open(path.join(work, 'rootfs.ext4'), 'w');
  try {
    const chunk = new Uint8Array(4 * MiB).fill(0xa5);
    for (let at = 0; at < bytes; at += chunk.length)
      await handle.write(chunk, 0, Math.min(chunk.length, bytes - at), at);
  } finally {
    await handle.close();
  }
  const layout = path.join(work, 'FlashLayout.tsv');
  await writeFile(
    layout,
    '#Opt\tId\tName\tType\tIP\tOffset\tBinary\nP\t0x10\trootfs\tFileSystem\tmmc0\t0x00100000\trootfs.ext4\n',
  );
  return layout;
}

describe('image', () => {
  it('exports 1 GiB of data on a 4 GiB card as a sparse file that allocates about the data', async () => {
    const layout = await layoutWithData('big', GiB);
    const card = path.join(dir, 'big', 'card.img');
    const io = fakeCliIo({ cwd: path.dirname(layout) });
    expect(await runCli(['image', layout, '-o', card, '--size', '4G'], io), io.err()).toBe(0);
    const info = await stat(card);
    expect(info.size).toBe(4 * GiB);
    expect(Math.abs(info.blocks * 512 - GiB) / GiB).toBeLessThan(0.05);
    expect(io.out()).toContain(`Image: ${card}`);
    // Writing and hashing 1 GiB on a shared CI machine: a generous bound, not a timing assertion.
  }, 300_000);

  it('writes a .bmap that bmaptool accepts: `bmaptool copy` checks it and writes the same disk', async () => {
    const layout = await layoutWithData('small', 3 * MiB + 100);
    const card = path.join(dir, 'small', 'card.img');
    const io = fakeCliIo({ cwd: path.dirname(layout) });
    expect(await runCli(['image', layout, '-o', card, '--size', '64M'], io), io.err()).toBe(0);
    const copy = path.join(dir, 'small', 'copy.img');
    await run('bmaptool', ['copy', '--bmap', `${card}.bmap`, card, copy]);
    expect(await firstDifference(card, copy, 64 * MiB)).toBeNull();
    const verify = await run('sgdisk', ['-v', copy]);
    expect(verify.stdout).toContain('No problems found');
  });

  it('--no-checksum writes a .bmap without range checksums that `bmaptool copy` accepts', async () => {
    const layout = await layoutWithData('nosum', 3 * MiB + 100);
    const card = path.join(dir, 'nosum', 'card.img');
    const io = fakeCliIo({ cwd: path.dirname(layout) });
    expect(await runCli(['image', layout, '-o', card, '--size', '64M', '--no-checksum'], io), io.err()).toBe(
      0,
    );
    const bmap = await readFile(`${card}.bmap`, 'utf8');
    expect(bmap).toMatch(/<Range> \d+(-\d+)? <\/Range>/);
    expect(bmap).not.toContain('chksum=');
    const copy = path.join(dir, 'nosum', 'copy.img');
    await run('bmaptool', ['copy', '--bmap', `${card}.bmap`, card, copy]);
    expect(await firstDifference(card, copy, 64 * MiB)).toBeNull();
  });

  it('shows its progress on a terminal and, interrupted, removes the partial image and .bmap', async () => {
    const layout = await layoutWithData('cancel', 64 * MiB);
    const card = path.join(dir, 'cancel', 'card.img');
    const io = fakeCliIo({ cwd: path.dirname(layout), isTTY: true });
    const running = runCli(['image', layout, '-o', card, '--size', '1G'], io);
    // Interrupted once the first chunk is written: the image file exists by then.
    for (let tries = 0; !io.out().includes('Writing card.img:') && tries < 10_000; tries += 1)
      await new Promise((resolve) => setTimeout(resolve, 1));
    expect(io.out()).toMatch(/Writing card\.img: [\d.]+ of 64\.0 MiB \(\d+ %\)/);
    io.interruptNow();
    expect(await running).toBe(130);
    expect(io.err()).toContain('partial image');
    await expect(access(card)).rejects.toThrow();
    await expect(access(`${card}.bmap`)).rejects.toThrow();
  });

  it('refuses an image larger than its partition, naming it, with exit 2', async () => {
    const layout = await layoutWithData('toobig', 2 * MiB);
    const io = fakeCliIo({ cwd: path.dirname(layout) });
    const code = await runCli(['image', layout, '-o', path.join(dir, 'toobig.img'), '--size', '2M'], io);
    expect(code).toBe(2);
    expect(io.err()).toMatch(/rootfs/);
  });

  it('refuses a size that is not a whole number of sectors', async () => {
    const io = fakeCliIo({ cwd: dir });
    expect(await runCli(['image', 'x.tsv', '-o', 'x.img', '--size', '1000'], io)).toBe(2);
    expect(io.err()).toMatch(/multiple of 512/);
  });
});
