import type { BoardStage, StageContext } from '../board/board-stage';
import { stageGapMs } from '../timing/link-model';
import { Stm32prog } from './stm32prog';
import type { UbootBuild } from './uboot-build';
import { createUbootStage } from './uboot-stage';

/** OP-TEE and U-Boot start-up lines, then `Boot over usb0!` (spec §6.4), per firmware generation. */
function printBanner(ctx: StageContext, build: UbootBuild): void {
  const out = ctx.console;
  const old = ctx.generation === '2019';
  out.print(
    old
      ? 'I/TC: OP-TEE version: 3.3.0-stm32mp-r2 #1 Tue Jun 25 13:46:25 UTC 2019 arm'
      : 'I/TC: OP-TEE version: 3.19.0-stm32mp-r2 (gcc version 12.3.0) #1 Wed Jan 10 10:21:43 UTC 2024 arm',
  );
  out.print('I/TC: Primary CPU switching to normal world boot');
  out.print('');
  out.print(`U-Boot ${build.version} ${build.stamp}`);
  out.print('');
  out.print(`CPU: ${ctx.profile.socName}`);
  out.print(`Model: ${ctx.profile.model}`);
  out.print(`Board: stm32mp1 in trusted mode (${ctx.profile.compatible})`);
  out.print(`Board: ${ctx.profile.boardId}`);
  out.print(`DRAM:  ${ctx.profile.dramMiB} MiB`);
  out.print('MMC:   STM32 SD/MMC: 0, STM32 SD/MMC: 1');
  out.print('Net:   No ethernet found.');
  out.print('Hit any key to stop autoboot:  0 ');
  out.print('Boot over usb0!');
}

/**
 * `stm32prog_dfu_init()` then a new gadget: device init (erase, GPT) when a layout is held, the next phase,
 * and the alternates (`DFU alt info setting: done`). The caller attaches the returned stage to the bus.
 */
export async function startStm32progGadget(ctx: StageContext, program: Stm32prog): Promise<BoardStage> {
  if (program.parts.length > 0) await program.devicesInit();
  if (program.parts.length > 0) program.nextPhase();
  const stage = createUbootStage(ctx, program);
  ctx.console.print('DFU alt info setting: done');
  return stage;
}

/**
 * TF-A started OP-TEE and U-Boot; `bootcmd_stm32mp` runs `stm32prog usb 0`. `layout` is the FlashLayout the
 * 2019 TF-A kept in DDR (U-Boot comes up with it parsed); null in the current flow. `build`: what the FIP says.
 */
export async function bootUboot(
  ctx: StageContext,
  layout: Uint8Array | null,
  build: UbootBuild,
): Promise<BoardStage> {
  printBanner(ctx, build);
  await ctx.wait(ctx.link.gapMs(stageGapMs.tfaToUboot));
  const program = new Stm32prog(ctx, build);
  if (layout) program.loadLayout(layout);
  return startStm32progGadget(ctx, program);
}
