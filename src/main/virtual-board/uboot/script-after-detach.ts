import type { StageChange, StageContext } from '../board/board-stage';
import { createFastbootStage } from '../fastboot/fastboot-stage';
import { locateScript } from './legacy-script';
import { runScript } from './script-runner';
import type { Stm32prog } from './stm32prog';

/**
 * Model choice `fastbootStartMs`: from the script's `fastboot usb 0` to the fastboot gadget on the bus
 * (`usb_gadget_initialize`, `g_dnl_register`), realistic ms; not measured anywhere.
 */
const fastbootStartMs = 300;

/**
 * U-Boot's environment as the script and fastboot see it: `serial#` (the serial every gadget shows) and `board`
 * (CONFIG_SYS_BOARD, model choice `fastbootBoardVariable`).
 */
function initialEnvironment(ctx: StageContext): Map<string, string> {
  const env = new Map<string, string>([['board', ctx.soc.soc === 'mp25' ? 'stm32mp2' : 'stm32mp1']]);
  if (ctx.serial !== null) env.set('serial#', ctx.serial);
  return env;
}

/**
 * After the DETACH that ends the FlashLayout gadget holding a script: `stm32prog_usb_loop` returns (no reset),
 * `do_stm32prog` prints `Download done` and runs `cmd_source_script` (arch/arm/mach-stm32mp/cmd_stm32prog/
 * cmd_stm32prog.c). A script reaching `fastboot usb <n>` brings up the fastboot gadget (a new enumeration,
 * 0483:0afb); one that fails its checks, or ends without fastboot, lets `bootcmd` go on: the board leaves the bus.
 */
export function scriptAfterDetach(ctx: StageContext, program: Stm32prog, script: Uint8Array): StageChange {
  const located = locateScript(script);
  const env = initialEnvironment(ctx);
  const run = located.ok ? runScript(located.text, env) : null;
  const lines = ['Download done', ...(located.ok ? [] : [located.message]), ...(run?.output ?? [])];
  if (run === null || run.fastbootUsb === null) return { kind: 'leave', farewell: lines.join('\n') };
  return {
    kind: 're-enumerate',
    noReturn: ctx.faults.fastbootNoReturn,
    boot: async () => {
      for (const line of lines) ctx.console.print(line);
      await ctx.wait(ctx.link.gapMs(fastbootStartMs));
      return createFastbootStage(ctx, program.build, env);
    },
  };
}
