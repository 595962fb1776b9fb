import { execFile } from 'node:child_process';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../layout/test-support/layout-images';
import { buildGpt, type GptEntry } from './gpt-writer';

const run = promisify(execFile);
const MiB = 1024n * 1024n;

let dir = '';
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => {
  await removeTempDir(dir);
});

async function diskWith(name: string, diskBytes: bigint, entries: GptEntry[]): Promise<string> {
  const file = path.join(dir, name);
  const handle = await open(file, 'w');
  try {
    await handle.truncate(Number(diskBytes));
    for (const part of buildGpt(diskBytes, entries))
      await handle.write(part.bytes, 0, part.bytes.length, Number(part.offset));
  } finally {
    await handle.close();
  }
  return file;
}

describe('the GPT U-Boot `gpt write` leaves', () => {
  const entries: GptEntry[] = [
    {
      name: 'fsbl1',
      start: 0x4400n,
      size: 0x40000n,
      typeGuid: '8DA63339-0007-60C0-C436-083AC8230908',
      bootable: false,
    },
    {
      name: 'bootfs',
      start: 0x44400n,
      size: 4n * MiB,
      typeGuid: '0FC63DAF-8483-4772-8E79-3D69D8477DE4',
      bootable: true,
    },
  ];

  it('passes `sgdisk -v` and reads back with its names, sectors, types and the bootable attribute', async () => {
    const file = await diskWith('disk.img', 64n * MiB, entries);
    const verify = await run('sgdisk', ['-v', file]);
    expect(verify.stdout).toContain('No problems found');
    const first = await run('sgdisk', ['-i', '1', file]);
    expect(first.stdout).toMatch(/Partition GUID code: 8DA63339-0007-60C0-C436-083AC8230908/);
    expect(first.stdout).toMatch(/First sector: 34 /);
    expect(first.stdout).toMatch(/Last sector: 545 /);
    expect(first.stdout).toMatch(/Partition name: 'fsbl1'/);
    const second = await run('sgdisk', ['-i', '2', file]);
    expect(second.stdout).toMatch(/Attribute flags: 0000000000000004/);
    expect(second.stdout).toMatch(/Partition name: 'bootfs'/);
  });

  it('gives every disk its own random disk GUID', async () => {
    const a = await run('sgdisk', ['-p', await diskWith('a.img', 64n * MiB, entries)]);
    const b = await run('sgdisk', ['-p', await diskWith('b.img', 64n * MiB, entries)]);
    const guid = (text: string): string => /Disk identifier \(GUID\): (\S+)/.exec(text)?.[1] ?? '';
    expect(guid(a.stdout)).not.toBe('');
    expect(guid(a.stdout)).not.toBe(guid(b.stdout));
  });

  it('refuses a partition beyond the last usable sector', () => {
    expect(() => buildGpt(64n * MiB, [{ ...entries[1]!, start: 63n * MiB, size: MiB }])).toThrow(
      /outside the usable area/,
    );
  });
});
