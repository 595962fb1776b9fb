import type { Page } from '@playwright/test';
import { copyFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { checkFlashLayout } from '../src/main/engine/layout/check-flash-layout';
import { parseFlashLayout } from '../src/main/engine/layout/parse-flash-layout';
import {
  fixturesDir,
  makeTempDir,
  removeTempDir,
  writeLayoutImages,
} from '../src/main/engine/layout/test-support/layout-images';
import type { BoardSummary } from '../src/shared/contract/boards';
import { defaultSettings } from '../src/shared/contract/settings';
import type { LayoutCheckReport } from '../src/shared/layout';
import { programEventSchemaVersion, type ProgramEventBody } from '../src/shared/program-events';
import { startServe, type ServedShell } from './browser-shell-process';
import { emitInPage, installScriptedBridge } from './scripted-bridge';
import { test } from './test-base';

/** One board as `boards.list` reports it: a virtual STM32MP15 in its ROM stage on a Full-Speed link. */
export const scriptedBoard: BoardSummary = {
  id: 'board-1',
  virtual: true,
  slot: '1-1',
  serial: '0036004A3338510939303401',
  soc: 'mp15',
  revision: '0x0000',
  stage: 'rom',
  speed: 'full',
  product: 'DFU in HS Mode @Device ID /0x500, @Revision ID /0x0000',
  state: 'idle',
  access: 'ok',
  accessProblem: null,
  runId: null,
  reconnect: null,
};

export const scriptedBoardTitle = 'STM32MP15 · 0036004A3338510939303401 · slot 1-1';

/**
 * Answers the app's requests from a script (the layout checked in the test, one board, one console) so the
 * real renderer draws every state of a run on cue.
 */
export async function installScriptedRun(
  page: Page,
  report: LayoutCheckReport,
  board: BoardSummary = scriptedBoard,
): Promise<void> {
  await installScriptedBridge(page, {
    'app.info': { name: 'STM32MP Flasher', version: '0.1.0', platform: 'linux', transport: 'browser-shell' },
    'boards.list': { boards: [board] },
    'layout.current': { report },
    'settings.get': { settings: defaultSettings, notice: null, reconnectTimeoutOverrideMs: 3000 },
    'console.list': {
      ports: [
        {
          path: 'board-1',
          label: 'board-1 (virtual board UART)',
          kind: 'virtual',
          stLink: false,
          open: true,
        },
      ],
    },
    'console.open': { consoleId: 'board-1', warning: null },
    'console.history': {
      text: 'NOTICE:  BL2: v2.8(release):v2.8-stm32mp1\r\nNOTICE:  BL2: Booting BL32\r\n',
    },
    'program.start': { runId: 'run-1' },
    'program.cancel': { cancelled: true },
    'layout.digest': { path: report.layout.path, sha256: '0f'.repeat(32), bytes: 1024 },
  });
}

/** Pushes one `program.event` of run-1 at the run-relative time `elapsedMs`. */
export async function emitRunEvent(page: Page, body: ProgramEventBody, elapsedMs: number): Promise<void> {
  await emitInPage(page, 'program.event', {
    runId: 'run-1',
    boardId: scriptedBoard.id,
    event: { ...body, schemaVersion: programEventSchemaVersion, elapsedMs },
  });
}

/** The board as the server lists it after a change (`boards.changed` carries the whole list). */
export async function emitBoard(
  page: Page,
  changes: Partial<BoardSummary>,
  board: BoardSummary = scriptedBoard,
): Promise<void> {
  await emitInPage(page, 'boards.changed', { boards: [{ ...board, ...changes }] });
}

/** Lines on the board's console, as the console service sends them. */
export async function emitConsole(page: Page, text: string, kind: 'data' | 'marker' = 'data'): Promise<void> {
  await emitInPage(page, 'console.data', { consoleId: 'board-1', kind, text });
}

/** A `partition-progress` body at 1.18 MB/s. */
export function progress(
  id: number,
  name: string,
  bytes: number,
  total: number,
  done = false,
): ProgramEventBody {
  return {
    type: 'partition-progress',
    partitionId: id,
    name,
    bytes,
    total,
    bytesPerSecond: done ? null : 1_180_000,
    etaSeconds: done ? 0 : (total - bytes) / 1_180_000,
    done,
  };
}

/** What a scripted spec draws from: a fixture layout's check report, and the served shell's address. */
export interface ScriptedDesk {
  readonly report: LayoutCheckReport;
  readonly url: string;
}

/**
 * Prepares, in the calling spec's beforeAll, a fixture layout (an STM32MP15 one) with its images in a temporary
 * folder, its check report and a served browser shell; stops and removes them in its afterAll. Read the desk's
 * fields inside tests (they exist once beforeAll has run).
 */
export function useScriptedDesk(fixture: string): ScriptedDesk {
  let dir = '';
  let report: LayoutCheckReport | null = null;
  let served: ServedShell | null = null;
  test.beforeAll(async () => {
    dir = await makeTempDir();
    const layoutFile = path.join(dir, fixture);
    await copyFile(path.join(fixturesDir, fixture), layoutFile);
    await writeLayoutImages(parseFlashLayout(await readFile(layoutFile)).layout, dir, { soc: 'mp15' });
    report = await checkFlashLayout(layoutFile);
    served = await startServe();
  });
  test.afterAll(async () => {
    await served?.stop();
    await removeTempDir(dir);
  });
  const ready = <T>(value: T | null): T => {
    if (value === null) throw new Error('the scripted desk is read before its beforeAll ran');
    return value;
  };
  return {
    get report() {
      return ready(report);
    },
    get url() {
      return ready(served).url;
    },
  };
}
