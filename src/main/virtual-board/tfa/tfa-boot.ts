import type { BoardStage, StageContext } from '../board/board-stage';
import { createTfa2019Stage } from './tfa-2019-stage';
import { createTfaStage } from './tfa-stage';

/** BL2's boot banner (spec §6.3: NOTICE lines printed at every boot), per firmware generation. */
function printBanner(ctx: StageContext): void {
  const version = ctx.generation === '2019' ? 'v2.0-r1.5(release):' : 'v2.8-stm32mp-r2(release):';
  const built = ctx.generation === '2019' ? '13:46:25, Jun 25 2019' : '10:21:43, Jan 10 2024';
  ctx.console.print(`NOTICE:  CPU: ${ctx.profile.socName}`);
  ctx.console.print(`NOTICE:  Model: ${ctx.profile.model}`);
  ctx.console.print(`NOTICE:  Board: ${ctx.profile.boardId}`);
  ctx.console.print(`NOTICE:  BL2: ${version}`);
  ctx.console.print(`NOTICE:  BL2: Built : ${built}`);
}

/** The ROM started the FSBL: TF-A prints its banner and runs its USB programmer (first load). */
export function bootTfaStage(ctx: StageContext): BoardStage {
  printBanner(ctx);
  return ctx.generation === '2019' ? createTfa2019Stage(ctx) : createTfaStage(ctx, 0);
}
