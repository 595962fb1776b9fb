import type { Stage } from '../../../shared/board';
import type { BoardSummary } from '../../../shared/contract/boards';
import { revisionOfProduct } from '../../../shared/contract/boards';
import { socOfProduct } from '../session/board-reading';
import type { TrackedBoard } from './board-tracker';

/**
 * The stage a product string names without opening the board (spec §2.1): the ROM says `DFU in HS Mode`,
 * TF-A `DFU @Device ID`, U-Boot `USB download gadget`, which cannot tell its two enumerations apart (null).
 */
export function stageOfProduct(product: string | null): Stage | null {
  if (product === null) return null;
  if (/^DFU in [HF]S Mode/.test(product)) return 'rom';
  if (product.startsWith('DFU @Device ID')) return 'tfa';
  return null;
}

/** A tracked board as the contract carries it. */
export function summarizeBoard(board: TrackedBoard): BoardSummary {
  const known = board.identity ?? board.lastKnown;
  const product = known?.product ?? null;
  return {
    id: board.id,
    virtual: board.entry?.identity.virtual ?? known?.virtual ?? false,
    slot: board.slot,
    serial: board.serial,
    soc: socOfProduct(product),
    revision: revisionOfProduct(product),
    stage: board.identity === null ? null : stageOfProduct(product),
    speed: board.entry?.identity.speed ?? known?.speed ?? 'unknown',
    product: board.identity?.product ?? null,
    state: board.state,
    access: board.access,
    accessProblem: board.accessProblem,
    runId: board.runId,
    reconnect: board.reconnect,
  };
}
