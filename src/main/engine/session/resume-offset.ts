import type { Stage } from '../../../shared/board';
import type { PhaseAnswer } from '../dfu/phase-answer';
import { hex2 } from './board-reading';
import { SessionFailure } from './session-failure';

/**
 * GetPhase's offset (spec §3.2): where in the partition the board wants the data to start. Never send from byte 0
 * when it says otherwise: continue from there only when this run sent those earlier bytes of the same image
 * (`sent`, what the board acknowledged of it in this run).
 */
export function resumeOffset(sent: number, stage: Stage, answer: PhaseAnswer, name: string): number {
  if (answer.offset === 0) return 0;
  if (sent >= answer.offset) return answer.offset;
  throw new SessionFailure(
    'BOARD_NEEDS_RESET',
    `the board asks for ${name} (${hex2(answer.phaseId)}) from byte ${answer.offset}, but this run has sent only ${sent} bytes of it: the board holds state from another run, and sending from byte 0 would shift the whole image`,
    { stage, partitionId: answer.phaseId },
  );
}
