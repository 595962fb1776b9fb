import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProgramEvent } from '../../../shared/program-events';
import { ConsoleService } from '../../engine/console/console-service';
import { boardConsoleOf } from '../../engine/session/board-console';
import { programLayout } from '../../engine/session/program-layout';
import { stageFixture } from '../../virtual-board/conformance/fixture-layout';
import { dataImage, stm32Image } from '../../virtual-board/conformance/test-images';
import { simulationBoardSource } from '../simulation-board-source';
import { defaultSimOptions } from './sim-options';
import { startSimulation, type Simulation } from './start-simulation';

const dk1 = 'stm32mp157a-dk1-sdcard-trusted-blog.tsv';

let dir = '';
let simulation: Simulation | null = null;
afterEach(async () => {
  await simulation?.close();
  simulation = null;
  await rm(dir, { recursive: true, force: true });
});

describe('a full --sim-storage disk', () => {
  it('is the board refusing its memory write (DEVICE_ERROR_STATUS in its words), never a USB transfer error', async () => {
    dir = await mkdtemp(join(tmpdir(), 'storage-full-'));
    const staged = await stageFixture(dk1, dir, (line) =>
      line.binary.endsWith('.stm32') ? stm32Image('v1_0', 64 * 1024) : dataImage(64 * 1024),
    );
    const rootfs = staged.lines.find((line) => line.id === 0x23);
    if (rootfs === undefined) throw new Error('no rootfs');
    simulation = await startSimulation({
      ...defaultSimOptions('mp15'),
      simSpeed: { kind: 'fast' },
      simStorage: join(dir, 'storage'),
    });
    if (simulation === null) throw new Error('no simulation');
    const board = simulation.boards[0];
    if (board === undefined) throw new Error('no board');
    // The disk fills up within rootfs (from its second block; the backup GPT at the end was written before).
    const from = Number(rootfs.offset) + 4096;
    const to = Number(rootfs.offset) + 64 * 1024;
    board.board.storage.failWrites((memory, offset) =>
      memory === 'mmc0' && offset >= from && offset < to
        ? Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' })
        : null,
    );
    const source = await simulationBoardSource(simulation, { autoFirmware: true });
    const consoles = new ConsoleService();
    const consoleId = `virtual-${board.number}`;
    consoles.attachStream(consoleId, board.uart, async () => undefined);
    const boardId = source.tracker.boards()[0]?.id ?? '';
    const events: ProgramEvent[] = [];
    try {
      const result = await programLayout(
        { layoutPath: join(dir, dk1), cwd: dir },
        {
          backend: source.backend,
          tracker: source.tracker,
          boardId,
          console: boardConsoleOf(consoles, consoleId),
          onEvent: (event) => events.push(event),
          beforeRun: (head) => source.beforeRun?.(boardId, head) ?? Promise.resolve(),
          reconnect: { returnMs: 5000 },
        },
      );
      expect(result).toMatchObject({ ok: false, code: 'DEVICE_ERROR_STATUS' });
      expect(result.message).toContain('DFU write error');
      expect(result.hints.join(' ')).not.toMatch(/cable/i);
      expect(result.consoleLines.join('\n')).toMatch(/\[simulation\] .*the host disk holding .* is full/);
    } finally {
      source.close();
      await consoles.closeAll();
    }
  });
});
