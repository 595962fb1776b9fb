import { socTable } from '../../protocol/soc-table';
import { realClock } from '../timing/board-clock';
import { LinkPacer } from '../timing/link-pacer';
import { boardProfiles, boardSerial, type FirmwareGeneration } from './board-profile';
import type { StageChange, StageContext } from './board-stage';
import type { VirtualBoardOptions } from './virtual-board-options';

/** A board's stage context; `generation` and `profile` change only while the board is in its ROM (`loadFirmware`). */
export type BoardStageContext = StageContext & {
  generation: FirmwareGeneration;
  profile: StageContext['profile'];
};

/** What a board gives its stages: its facts, its storage and console, its clock and link, and two ways to act. */
export function createStageContext(
  options: VirtualBoardOptions,
  board: { changeStage(change: StageChange): void; powerOff(): void },
): BoardStageContext {
  const profile = boardProfiles[options.soc];
  // Timer lateness exists only in real time: compensate it there, not under an injected test clock.
  const pacer = new LinkPacer(options.clock, options.clock === realClock ? () => performance.now() : null);
  return {
    soc: socTable[options.soc],
    profile,
    generation: options.generation,
    serial: options.faults.noSerial ? null : boardSerial(profile, options.index),
    link: options.link,
    console: options.console,
    storage: options.storage,
    faults: options.faults,
    wait: (ms) => options.clock.sleep(ms),
    paceBlock: (ms) => pacer.pace(ms),
    changeStage: (change) => board.changeStage(change),
    powerOff: () => board.powerOff(),
  };
}
