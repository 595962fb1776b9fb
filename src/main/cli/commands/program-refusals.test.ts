import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultEvent } from '../../../shared/program-events';
import { programEventSchema } from '../../../shared/program-events';
import { analyzeFlashLayout } from '../../engine/layout/check-flash-layout';
import { makeTempDir, removeTempDir } from '../../engine/layout/test-support/layout-images';
import { memoryImage } from '../../engine/session/file-image-source';
import { BoardTracker } from '../../engine/boards/board-tracker';
import { ProgrammingSession } from '../../engine/session/programming-session';
import { planSession } from '../../engine/session/session-plan';
import { noFaults } from '../../virtual-board/board/board-faults';
import { startBoardFarm } from '../../virtual-board/sim/board-farm';
import { runCli } from '../cli-program';
import { exitCodes } from '../exit-codes';
import { fakeCliIo } from '../fake-cli-io';
import { stageLayout } from '../program/test-support/staged-fixture';

/** The 2019 DK1 layout: an STM32-headered U-Boot at phase 0x03 (SOURCES.md row 11). */
const dk1With2019Ssbl = 'stm32mp157a-dk1-sdcard-trusted-blog.tsv';

let dir = '';
let layoutPath = '';

beforeAll(async () => {
  dir = await makeTempDir();
  layoutPath = (await stageLayout(dk1With2019Ssbl, dir, 'mp15')).layoutPath;
});
afterAll(async () => {
  await removeTempDir(dir);
});

async function program(
  layout: string,
  args: readonly string[],
): Promise<{ code: number; result: ResultEvent }> {
  // Binary paths are resolved from the working folder, as CubeProgrammer does: run in the layout's folder.
  const io = fakeCliIo({ cwd: path.dirname(layout) });
  const code = await runCli(['program', layout, '--json', '--sim', '--sim-speed', 'fast', ...args], io);
  const events = io
    .out()
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as unknown);
  const result = events.at(-1) as ResultEvent;
  expect(programEventSchema.parse(result)).toEqual(result);
  return { code, result };
}

describe('a board that refuses an image says so, and the run says what fits (no cable or power advice)', () => {
  it('current TF-A refuses the 2019 STM32-headered U-Boot at phase 0x03: DEVICE_REFUSED_IMAGE quoting TF-A', async () => {
    const { code, result } = await program(layoutPath, [
      '--sim-firmware',
      'current',
      '--sim-storage',
      path.join(dir, 'sim-refused'),
    ]);
    expect(code).toBe(exitCodes.failed);
    expect(result).toMatchObject({ ok: false, code: 'DEVICE_REFUSED_IMAGE' });
    const said = [result.message, ...result.hints].join('\n');
    expect(said).toContain('FIP Header check failed for phase 3');
    expect(result.message).toMatch(/partition 0x03 ssbl-boot/);
    expect(said).toMatch(/takes a FIP at phase 0x03/);
    for (const hint of result.hints) expect(hint).not.toMatch(/cable|hub|power/i);
    expect(result.hints.at(-1)).toMatch(/Reset the board .*then program again/);
  });

  it('the MP15 ROM refusing the FSBL is reported at once as DEVICE_REFUSED_IMAGE naming the FSBL, not after the reconnect deadline', async () => {
    // The host checks the FSBL's header checksum before sending (STM32_CHECKSUM): only an image that changes
    // after the check reaches the ROM. The plan's opener corrupts the FSBL's last byte as it is read.
    const analysis = await analyzeFlashLayout(layoutPath, { cwd: dir });
    if (analysis.layout === null) throw new Error('the fixture does not parse');
    const plan = await planSession(analysis.layout, analysis.binaryPaths, {
      openImage: async (file) => {
        const bytes = new Uint8Array(await readFile(file));
        if (file.endsWith('serialboot.stm32'))
          bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
        return memoryImage(bytes);
      },
    });
    const farm = await startBoardFarm({
      count: 1,
      soc: 'mp15',
      generation: 'current',
      faults: [noFaults],
      speed: { kind: 'fast' },
      storageDir: path.join(dir, 'sim-bad-fsbl'),
    });
    try {
      const tracker = new BoardTracker({ backend: farm.backend });
      await tracker.start();
      const [board] = tracker.boards();
      if (!board) throw new Error('no virtual board');
      const started = Date.now();
      const result = await new ProgrammingSession({
        backend: farm.backend,
        tracker,
        boardId: board.id,
        plan,
        onEvent: () => undefined,
        reconnect: { returnMs: 30_000 },
      }).run();
      expect(result).toMatchObject({ ok: false, code: 'DEVICE_REFUSED_IMAGE' });
      expect(result.message).toMatch(
        /the ROM code refused the FSBL \(partition 0x01 fsbl1-boot\): "errUNKNOWN/,
      );
      expect(result.message).toMatch(/\.stm32 header is valid for this SoC/);
      for (const hint of result.hints) expect(hint).not.toMatch(/cable|hub|power/i);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(farm.boards[0]?.stageHistory).toEqual(['rom']);
      expect(await farm.backend.list()).toHaveLength(1);
      tracker.dispose();
    } finally {
      await farm.close();
    }
  });
});
