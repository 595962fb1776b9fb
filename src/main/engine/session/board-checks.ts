import type { SessionRecord } from './session-record';
import type { Soc } from '../../../shared/board';
import { phaseId } from '../../protocol/phase';
import { socTable } from '../../protocol/soc-table';
import type { Stm32HeaderVersionName } from '../../protocol/stm32-header';
import type { DfuAlternate } from '../dfu/dfu-alternates';
import type { PhaseAnswer } from '../dfu/phase-answer';
import type { FlashLayout } from '../layout/flash-layout';
import { isOnDevice } from '../layout/send-plan';
import { hex2, isUbootProduct } from './board-reading';
import { SessionFailure } from './session-failure';

/**
 * A board found in a state no run can continue from (issue 15 point 3): its U-Boot already reports END, or an
 * error. It is told to be reset, never written blindly.
 */
export function boardProblemAtStart(answer: PhaseAnswer, product: string | null): SessionFailure | null {
  if (answer.phaseId === phaseId.end && isUbootProduct(product))
    return new SessionFailure(
      'BOARD_NEEDS_RESET',
      'the board’s U-Boot says its programming has ended (phase END): it is left from an earlier run',
      { stage: 'uboot-partitions' },
    );
  if (answer.phaseId === phaseId.reset)
    return new SessionFailure(
      'BOARD_NEEDS_RESET',
      `the board reports an error from before this run: ${answer.errorText ?? 'no text'}`,
      { boardText: answer.errorText ?? '' },
    );
  return null;
}

/**
 * U-Boot's partition alternates (`@rootfs/0x23/1*…`) carry the layout it holds (spec §2.3): each must be a line
 * of this layout with the same id and name. Answers why not, or null when they match.
 */
export function mismatchedAlternates(
  alternates: readonly DfuAlternate[],
  layout: FlashLayout,
): string | null {
  for (const alternate of alternates) {
    const parsed = alternate.parsed;
    if (parsed === null || parsed.phaseId < phaseId.fsbl || parsed.phaseId > phaseId.lastUser) continue;
    const line = layout.partitions.find(
      (partition) => isOnDevice(partition) && partition.id === parsed.phaseId,
    );
    if (line === undefined || line.name !== parsed.name)
      return `the board’s U-Boot holds another layout: it offers ${alternate.text ?? parsed.name} (${hex2(parsed.phaseId)} ${parsed.name}), which this layout ${line === undefined ? 'does not have' : `names ${line.name ?? '?'}`}`;
  }
  return null;
}

/**
 * The layout against the board, before anything is sent: an FSBL whose `.stm32` header version is not the one the
 * board's ROM takes (spec §5, §8: v1.0 MP15, v2.0 MP13, v2.2 MP25) is a layout for another SoC.
 */
export function socMismatch(
  soc: Soc | null,
  fsblHeader: Stm32HeaderVersionName | null,
): SessionFailure | null {
  if (soc === null || fsblHeader === null || socTable[soc].fsblHeader === fsblHeader) return null;
  const wanted = socTable[soc].fsblHeader.replace('_', '.');
  return new SessionFailure(
    'LAYOUT_SOC_MISMATCH',
    `the layout’s FSBL has a ${fsblHeader.replace('_', '.')} header, but the board is an STM32${soc.toUpperCase()} whose ROM takes ${wanted}: this layout is for another SoC`,
  );
}

/** The link runs at Full Speed though the board does High Speed: warned once per run (`LINK_FULL_SPEED`). */
export function warnFullSpeed(identity: { readonly speed: string }, record: SessionRecord): void {
  if (identity.speed !== 'full' || record.warnings.includes('LINK_FULL_SPEED')) return;
  record.warn(
    'LINK_FULL_SPEED',
    'the board runs at Full Speed (12 Mbit/s) though it does High Speed (read from the bus, whatever its product string says)',
    'Connect it straight to a USB 2.0 port of the computer (no hub, no virtual machine USB 1.1 controller): Full Speed is about 10 times slower.',
  );
}
