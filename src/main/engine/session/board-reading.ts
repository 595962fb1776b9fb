import type { Soc, Stage } from '../../../shared/board';
import { stages } from '../../../shared/board';
import { phaseId } from '../../protocol/phase';
import { socByDeviceId } from '../../protocol/soc-table';
import type { PhaseAnswer } from '../dfu/phase-answer';

/**
 * What the session reads from a board without being told which firmware it runs: the SoC from the Device ID
 * every stage puts in its product string (spec §2.1), and the stage from the GetPhase answer (spec §3.1).
 */

/** The SoC named by `@Device ID /0x500` in any stage's product string; null when absent or unknown. */
export function socOfProduct(product: string | null): Soc | null {
  const match = /@Device ID \/0x([0-9a-f]{3})/i.exec(product ?? '');
  if (match?.[1] === undefined) return null;
  return socByDeviceId(Number.parseInt(match[1], 16))?.soc ?? null;
}

/** U-Boot's gadget says `USB download gadget@…` (spec §2.1); the ROM and TF-A (2019's too) say `DFU …`. */
export function isUbootProduct(product: string | null): boolean {
  return (product ?? '').startsWith('USB download gadget');
}

/**
 * The stage a board is in, from what it asks for next. Phase 0x01 is the ROM, 0x02 TF-A's DDR firmware (MP2),
 * 0x03 TF-A; U-Boot is told by its product string (0x00 = it waits for the layout, anything else its partitions).
 * Phase 0x00 outside U-Boot is the 2019 TF-A taking the layout (spec §11), or a stage asking to be detached:
 * that keeps the stage it answered in before (`previous`).
 */
export function stageOf(answer: PhaseAnswer, product: string | null, previous: Stage | null): Stage {
  if (isUbootProduct(product))
    return answer.phaseId === phaseId.flashLayout ? 'uboot-layout' : 'uboot-partitions';
  switch (answer.phaseId) {
    case phaseId.fsbl:
      return 'rom';
    case phaseId.ddrFirmware:
      return 'tfa-ddr';
    case phaseId.ssbl:
      return 'tfa';
    case phaseId.flashLayout:
      return answer.detachRequested ? (previous ?? 'tfa') : 'tfa';
    case phaseId.reset:
      return previous ?? 'rom';
    default:
      return 'uboot-partitions';
  }
}

/** Stages in run order: a board that comes back at or before the stage it left was reset. */
export function stageIndex(stage: Stage): number {
  return stages.indexOf(stage);
}

/** The first stage a board may come back in after leaving `from` (the 2019 flow skips `uboot-layout`). */
export function nextStageAfter(from: Stage, soc: Soc | null): Stage {
  switch (from) {
    case 'rom':
      return soc === 'mp25' ? 'tfa-ddr' : 'tfa';
    case 'tfa-ddr':
      return 'tfa';
    case 'tfa':
      return 'uboot-layout';
    case 'uboot-layout':
      return 'uboot-partitions';
    default:
      return 'done';
  }
}

export function hex2(id: number): string {
  return `0x${id.toString(16).padStart(2, '0')}`;
}
