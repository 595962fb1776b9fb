import { execFile } from 'node:child_process';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { noFaults } from '../board/board-faults';
import type { BoardFarm } from '../sim/board-farm';
import { startBoardFarm } from '../sim/board-farm';
import { parseSpeedMode } from '../timing/speed-mode';
import type { LayoutLine } from './fixture-layout';
import { fixtureLogsDir, stageFixture } from './fixture-layout';
import { phaseLedRun } from './phase-led-run';
import { dataImage, stm32Image } from './test-images';

const run = promisify(execFile);
const fixture = 'stm32mp157a-dk1-sdcard-trusted-blog.tsv';
/** The log's exact sizes: FSBL 245,360 and SSBL 748,660 bytes. */
const fsblSize = 245_360;
const ssblSize = 748_660;

function makeImage(line: LayoutLine): Uint8Array {
  if (line.binary.includes('tf-a')) return stm32Image('v1_0', fsblSize);
  if (line.binary.includes('u-boot')) return stm32Image('v1_0', ssblSize);
  return dataImage(64 * 1024 + line.id * 512);
}

describe('the 2019 run of the DK2 log, replayed on firmware 2019 with the DK1 fixture', () => {
  let dir = '';
  let farm: BoardFarm | null = null;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vboard-2019-'));
  });
  afterEach(async () => {
    await farm?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('asks for the same phases in the same order, re-enumerates after 0x03, and its console shows the GPT lines', async () => {
    const staged = await stageFixture(fixture, dir, makeImage);
    const images = new Map(staged.images);
    images.set(0x00, staged.layout);
    const fast = parseSpeedMode('fast');
    if (!fast) throw new Error('speed');
    farm = await startBoardFarm({
      count: 1,
      soc: 'mp15',
      generation: '2019',
      faults: [noFaults],
      speed: fast,
      storageDir: dir,
    });
    const record = await phaseLedRun(farm.backend, images);

    const order = record.steps.map((step) =>
      step.kind === 'download' ? `0x${(step.phase ?? 0).toString(16).padStart(2, '0')}` : step.kind,
    );
    // Log: FSBL 0x01 → "Flashlayout Programming" (0x00) → SSBL 0x03 → "reconnecting the device".
    expect(order.slice(0, 5)).toEqual(['same-handle', '0x01', '0x00', '0x03', 'reconnect']);
    expect(record.steps[1]).toMatchObject({ phase: 0x01, bytes: fsblSize });
    expect(record.steps[3]).toMatchObject({ phase: 0x03, bytes: ssblSize });
    expect(record.products[0]).toBe('DFU in HS Mode @Device ID /0x500, @Revision ID /0x0000');
    expect(record.products[1]).toMatch(/^USB download gadget@Device ID \/0x500/);
    expect(order.at(-1)).toBe('end');

    // The three lines of the real UART log that follow the GPT write, in order. Between `done` and the alt
    // setting U-Boot erases the fixture's `PD` ssbl line (stm32prog erases `D` lines after the GPT, in the 2019
    // code as today); the DK2 layout of the real log evidently had no `D` line there.
    const lines = farm.boards[0]?.console.lines() ?? [];
    const gpt = lines.findIndex((line) => line === 'partitions : Writing GPT : success!');
    expect(gpt).toBeGreaterThan(-1);
    const after = lines.slice(gpt + 1, lines.indexOf('DFU alt info setting: done', gpt) + 1);
    expect(after).toEqual(['done', 'Erasing ssbl on mmc 0: done', 'DFU alt info setting: done']);
    const uartLog = await readFile(join(fixtureLogsDir, 'dk2-uart-2019-after-ssbl-start.log'), 'latin1');
    expect(uartLog).toContain('Writing GPT : success!');

    // sgdisk reads the GPT back (and finds nothing wrong): names and start sectors of the layout.
    expect((await run('sgdisk', ['-v', join(dir, 'mmc0.img')])).stdout).toContain('No problems found.');
    const { stdout } = await run('sgdisk', ['-p', join(dir, 'mmc0.img')]);
    const rows = stdout
      .split('\n')
      .map((line) => /^\s+(\d+)\s+(\d+)\s+(\d+)\s+\S+ \S+\s+\S+\s+(\S+)\s*$/.exec(line))
      .filter((match) => match !== null)
      .map((match) => ({ start: Number(match[2]), name: match[4] }));
    const onDisk = staged.lines.filter((line) => line.ip === 'mmc0');
    expect(rows).toEqual(onDisk.map((line) => ({ start: Number(line.offset) / 512, name: line.name })));

    // Each partition's bytes equal its image.
    const file = await open(join(dir, 'mmc0.img'));
    try {
      for (const line of onDisk) {
        const image = staged.images.get(line.id);
        if (!image) throw new Error(`no image for ${line.name}`);
        const read = new Uint8Array(image.length);
        await file.read(read, 0, image.length, Number(line.offset));
        expect(Buffer.compare(read, image), line.name).toBe(0);
      }
    } finally {
      await file.close();
    }
  });
});
