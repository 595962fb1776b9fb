import { dfuStatus } from '../../protocol/dfu';
import { fipTocHeader, phaseId, undefinedAddress } from '../../protocol/phase';
import type { BoardStage, StageContext } from '../board/board-stage';
import { tfaDialect } from '../dfu/dfu-dialect';
import type { DfuOutcome, DfuStageHandler } from '../dfu/dfu-stage-handler';
import { dfuOk } from '../dfu/dfu-stage-handler';
import { tfaGetPhaseAnswer } from '../dfu/get-phase-answer';
import { stageGapMs } from '../timing/link-model';
import { bootUboot } from '../uboot/uboot-boot';
import { readUbootBuild } from '../uboot/uboot-build';
import {
  tfaAltPhase,
  tfaDdrFirmwareBuffer,
  tfaDownloadBuffer,
  tfaPersonality,
  tfaProduct,
} from './tfa-identity';

const stalled: DfuOutcome = { ok: false, status: dfuStatus.errStalledPkt, stall: true };

/** `stm32prog_is_fip_header`-like check TF-A makes at manifestation: ToC name and a non-zero serial. */
export function isFip(image: Uint8Array): boolean {
  if (image.length < 8) return false;
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  return (
    view.getUint32(fipTocHeader.nameOffset, true) === fipTocHeader.name &&
    view.getUint32(fipTocHeader.serialOffset, true) !== 0
  );
}

/**
 * Current TF-A BL2 as USB programmer (`stm32cubeprogrammer_usb.c`): one load per phase of its SoC
 * (`loadIndex`: MP2 loads the DDR-firmware FIP, then after a re-enumeration the FIP). Refuses anything but a FIP.
 */
export function createTfaStage(ctx: StageContext, loadIndex: number): BoardStage {
  const soc = ctx.soc.soc;
  const altPhase = tfaAltPhase[soc];
  const loadPhase = ctx.soc.tfaPhases[loadIndex] ?? phaseId.ssbl;
  const buffer = loadPhase === phaseId.ddrFirmware ? tfaDdrFirmwareBuffer : tfaDownloadBuffer[soc];
  let phase: number = loadPhase;
  let address = buffer.base;
  let error = '';
  const chunks: Uint8Array[] = [];
  const dfuError = (text: string): void => {
    if (phase === phaseId.reset) return;
    phase = phaseId.reset;
    error = text;
    ctx.console.print(`ERROR:   ${text.trimEnd()}`);
  };

  const handler: DfuStageHandler = {
    async download(alt, _block, data) {
      await ctx.paceBlock(ctx.link.blockCostMs('tfa'));
      if (altPhase[alt] !== phase) {
        dfuError(`phase ID :${phase}, alternate ${alt}, address ${address.toString(16)}\n`);
        return stalled;
      }
      if (address + data.length > buffer.base + buffer.size) return stalled;
      chunks.push(Uint8Array.from(data));
      address += data.length;
      return dfuOk;
    },
    async manifest(alt) {
      if (altPhase[alt] !== phase) {
        ctx.console.print(
          `ERROR:   Manifestation phase ID :${phase}, alternate ${alt}, address ${address.toString(16)}`,
        );
        return stalled;
      }
      // TF-A prints the alternate number where its message says "phase" (spec §4.3).
      if (!isFip(Buffer.concat(chunks))) {
        dfuError(`FIP Header check failed for phase ${alt}\n`);
        return stalled;
      }
      phase = phaseId.flashLayout;
      address = undefinedAddress;
      return dfuOk;
    },
    async upload(alt, block) {
      if (altPhase[alt] !== phaseId.command || block !== 0) {
        dfuError(`phase ID :${phase}, alternate ${alt} for phase ${altPhase[alt] ?? phaseId.reset}\n`);
        return stalled;
      }
      return tfaGetPhaseAnswer(phase, address, error);
    },
    detach() {
      // `usb_dfu_detach` ends `usb_dfu_loop` in any state (findings §13). Model choice `tfaLoadWithoutFip`:
      // without an accepted FIP (refused, or DETACH before the end) BL2's load from its buffer fails and the
      // board comes back in the ROM code.
      if (phase !== phaseId.flashLayout || address !== undefinedAddress) {
        ctx.changeStage({ kind: 'reset' });
        return;
      }
      if (loadIndex + 1 < ctx.soc.tfaPhases.length) {
        ctx.changeStage({
          kind: 're-enumerate',
          boot: async () => {
            await ctx.wait(ctx.link.gapMs(stageGapMs.tfaDdrToTfa));
            return createTfaStage(ctx, loadIndex + 1);
          },
        });
        return;
      }
      ctx.console.print('NOTICE:  BL2: Booting BL32');
      const build = readUbootBuild(Buffer.concat(chunks), soc);
      ctx.changeStage({ kind: 're-enumerate', boot: () => bootUboot(ctx, null, build) });
    },
  };
  const personality = tfaPersonality(ctx.soc.tfaAlts, tfaProduct(ctx.soc.deviceId, ctx.profile), ctx.serial);
  return {
    stage: loadPhase === phaseId.ddrFirmware ? 'tfa-ddr' : 'tfa',
    personality,
    dialect: tfaDialect,
    handler,
  };
}
