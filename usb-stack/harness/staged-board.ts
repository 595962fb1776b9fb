import { copyFileSync, cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Soc } from '../../src/shared/board';
import { stageLayout, type StagedFixture } from '../../src/main/cli/program/test-support/staged-fixture';
import { startRedirBoard, type RedirBoard } from './redir-board';

export interface StagedBoard {
  readonly soc: Soc;
  readonly board: RedirBoard;
  /** Null under the `no-serial` fault. */
  readonly serial: string | null;
  /** The board's memory files on the host (`--sim-storage`). */
  readonly storage: string;
  readonly staged: StagedFixture;
  /**
   * In the guest's /work/<payloadName>/: the images by phase, `phase-XX.bin` (00: the layout), and the layout
   * with its binaries as a person has them, `layout/<fixture>`.
   */
  readonly payloadName: string;
}

const hexId = (id: number): string => id.toString(16).padStart(2, '0');

/**
 * A fixture layout with generated images, written into the guest payload folder, and one `board` process of the
 * layout's SoC with its memories in a host folder the test reads back afterwards.
 */
export async function stageBoard(options: {
  readonly fixture: string;
  readonly soc: Soc;
  readonly payloadDir: string;
  readonly payloadName: string;
  readonly boardNumber: number;
  readonly simArgs?: readonly string[];
  /** How the layout and its images are made in `dir` (default `stageLayout`: generated images). */
  readonly stage?: (fixture: string, dir: string, soc: Soc) => Promise<StagedFixture>;
}): Promise<StagedBoard> {
  const work = mkdtempSync(path.join(tmpdir(), 'stm32mp-usb-stack-'));
  const stage = options.stage ?? ((fixture: string, dir: string, soc: Soc) => stageLayout(fixture, dir, soc));
  const staged = await stage(options.fixture, path.join(work, 'layout'), options.soc);
  const images = path.join(options.payloadDir, options.payloadName);
  mkdirSync(images, { recursive: true });
  copyFileSync(staged.layoutPath, path.join(images, 'phase-00.bin'));
  for (const [id, bytes] of staged.images) writeFileSync(path.join(images, `phase-${hexId(id)}.bin`), bytes);
  cpSync(path.join(work, 'layout'), path.join(images, 'layout'), { recursive: true });
  const storage = path.join(work, 'memories');
  const board = await startRedirBoard([
    ...['--sim-soc', options.soc, '--sim-storage', storage, '--board-number', String(options.boardNumber)],
    ...(options.simArgs ?? ['--sim-speed', 'fast']),
  ]);
  const printed = / serial (\S+)\n/.exec(board.output())?.[1];
  if (printed === undefined) throw new Error(`the board printed no serial line:\n${board.output()}`);
  const serial = printed === '(none)' ? null : printed;
  return { soc: options.soc, board, serial, storage, staged, payloadName: options.payloadName };
}

/** Each board's own log (stage lines, usbredir events) beside the guest's, in `<artifacts>/<run>/`. */
export function saveBoardLogs(artifactsDir: string, run: string, boards: readonly StagedBoard[]): void {
  mkdirSync(path.join(artifactsDir, run), { recursive: true });
  boards.forEach((board, index) =>
    writeFileSync(
      path.join(artifactsDir, run, `board-${index + 1}-${board.payloadName}.log`),
      board.board.output(),
    ),
  );
}
