import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeFlashLayout } from '../layout/check-flash-layout';
import { makeTempDir, removeTempDir, stm32Image } from '../layout/test-support/layout-images';
import { planSession, plannedOutcomes } from './session-plan';

const lines = [
  '-\t0x01\tfsbl-boot\tBinary\tnone\t0x0\ttf-a.stm32',
  '-\t0x03\tssbl-boot\tBinary\tnone\t0x0\tfip.bin',
  '-\t0x03\tssbl-other\tBinary\tnone\t0x0\tother.bin',
  'P\t0x21\tboot\tSystem\tmmc0\t0x00284400\tboot.ext4',
  'P\t0x23\trootfs\tFileSystem\tmmc0\t0x05284400\trootfs.ext4',
  'PE\t0x24\tuserfs\tFileSystem\tmmc0\t0x33C84400\tnone',
];

let dir = '';
async function plan(text: string[], select?: (id: number | null) => boolean) {
  await writeFile(path.join(dir, 'layout.tsv'), `${text.join('\n')}\n`);
  const analysis = await analyzeFlashLayout(path.join(dir, 'layout.tsv'));
  if (analysis.layout === null) throw new Error('unreadable');
  return planSession(analysis.layout, analysis.binaryPaths, select ? { select: (p) => select(p.id) } : {});
}

beforeAll(async () => {
  dir = await makeTempDir();
  await writeFile(path.join(dir, 'tf-a.stm32'), stm32Image({ version: 'v2_0' }));
  for (const name of ['fip.bin', 'other.bin', 'boot.ext4', 'rootfs.ext4'])
    await writeFile(path.join(dir, name), 'x');
});
afterAll(async () => {
  await removeTempDir(dir);
});

describe('the session plan', () => {
  it('sends the first host-loaded line of each phase and every written line; reads the FSBL header', async () => {
    const result = await plan(lines);
    expect([...result.hostLoaded.values()].map((image) => image.name)).toEqual(['fsbl-boot', 'ssbl-boot']);
    expect([...result.written.keys()]).toEqual([0x21, 0x23]);
    expect(result.fsblHeader).toBe('v2_0');
    expect(result.partialMemories).toEqual([]);
    expect(plannedOutcomes(result).map((outcome) => outcome.name)).toEqual([
      'fsbl-boot',
      'ssbl-boot',
      'boot',
      'rootfs',
    ]);
  });

  it('a selection that leaves lines of a memory out is a partial update, and the board gets them as `-`', async () => {
    const result = await plan(lines, (id) => id === 0x21);
    expect(result.partialMemories).toEqual(['mmc0']);
    expect([...result.written.keys()]).toEqual([0x21]);
    const text = new TextDecoder().decode(result.boardLayout.subarray(256));
    expect(text).toContain('P\t0x21\tboot');
    expect(text).toContain('-\t0x23\trootfs');
    expect(text).toContain('-\t0x24\tuserfs');
  });

  it('a `-` line on a memory in the layout itself is a partial update too', async () => {
    const result = await plan([...lines, '-\t0x25\tspare\tFileSystem\tmmc0\t0x40000000\tnone']);
    expect(result.partialMemories).toEqual(['mmc0']);
  });
});
