import { dfuStatus } from '../../protocol/dfu';
import type { DfuStatus } from '../../protocol/dfu';
import { phaseId, undefinedAddress } from '../../protocol/phase';
import { stm32HeaderVersionBySoc } from '../../protocol/stm32-header';
import type { BoardStage, StageContext } from '../board/board-stage';
import { romDialect } from '../dfu/dfu-dialect';
import type { DfuOutcome, DfuStageHandler } from '../dfu/dfu-stage-handler';
import { dfuOk } from '../dfu/dfu-stage-handler';
import { tfaGetPhaseAnswer } from '../dfu/get-phase-answer';
import { stageGapMs } from '../timing/link-model';
import { bootTfaStage } from '../tfa/tfa-boot';
import { checkFsbl } from './fsbl-check';
import { romAlternates, romFsblCapacity, romLoadAddress, romPersonality } from './rom-identity';

const refused = (status: DfuStatus): DfuOutcome => ({ ok: false, status, stall: true });

/**
 * The ROM code in USB boot: takes the FSBL on its `@FSBL` alt, checks its `.stm32` header, answers GetPhase
 * on its `@virtual` alt, and starts the FSBL: by itself after manifestation on MP15, on DFU_DETACH on MP13/MP25
 * (findings §4). It prints nothing on the UART.
 */
export function createRomStage(ctx: StageContext): BoardStage {
  const soc = ctx.soc.soc;
  const personality = romPersonality(soc, ctx.soc.deviceId, ctx.profile, ctx.serial);
  const virtualAlt = romAlternates[soc].findIndex((name) => name.startsWith('@virtual'));
  const chunks: Uint8Array[] = [];
  let received = 0;
  let verified = false;
  let phase: number = phaseId.fsbl;
  let address = romLoadAddress[soc];

  const startTfa = (): void => {
    if (ctx.soc.romStartsFsblAlone) {
      ctx.changeStage({
        kind: 'same-enumeration',
        gapMs: ctx.link.gapMs(stageGapMs.romToTfa),
        next: () => bootTfaStage(ctx),
      });
    } else {
      // MP13: TF-A does not keep the ROM's USB state (spec §1.3). Model choice `mp2RomDetachReenumerates`
      // (spec §1.3, §10): on MP2 the ROM → TF-A change is a re-enumeration too.
      ctx.changeStage({
        kind: 're-enumerate',
        boot: async () => {
          await ctx.wait(ctx.link.gapMs(stageGapMs.romToTfa));
          return bootTfaStage(ctx);
        },
      });
    }
  };

  const handler: DfuStageHandler = {
    async download(alt, _block, data) {
      await ctx.paceBlock(ctx.link.blockCostMs('rom'));
      // Model choice `romOtherAltDownload`: a download to any alt but `@FSBL`, or after a valid FSBL, is STALLed.
      if (alt !== ctx.soc.romFsblAlt || verified) return refused(dfuStatus.errTarget);
      if (received + data.length > romFsblCapacity[soc]) return refused(dfuStatus.errAddress);
      chunks.push(Uint8Array.from(data));
      received += data.length;
      return dfuOk;
    },
    async manifest(alt) {
      const image = Buffer.concat(chunks);
      const problem =
        alt === ctx.soc.romFsblAlt ? checkFsbl(image, stm32HeaderVersionBySoc[soc]) : 'not the FSBL alt';
      if (problem !== null) {
        // Model choice `romBadFsbl` (findings §13: ST community threads 20651 and 133095 show dfuMANIFEST/OK,
        // then dfuERROR/errUNKNOWN on the next GETSTATUS; or a STALL): the first of the two logged paths. The
        // ROM stays on the bus and keeps waiting for an FSBL (CLRSTATUS brings it back to dfuIDLE).
        chunks.length = 0;
        received = 0;
        return { ok: false, status: dfuStatus.errUnknown, stall: false, afterManifest: true };
      }
      verified = true;
      if (!ctx.soc.romStartsFsblAlone) {
        // Model choice `romAnswerAfterFsbl` (findings §1, from ST's host code): phase 0x00 + "detach requested".
        phase = phaseId.flashLayout;
        address = undefinedAddress;
      }
      return dfuOk;
    },
    async upload(alt, block) {
      if (alt !== virtualAlt || block !== 0) return refused(dfuStatus.errStalledPkt);
      return tfaGetPhaseAnswer(phase, address, '');
    },
    detach() {
      // Model choice `romDetachBeforeFsbl`: DETACH before a valid FSBL changes nothing.
      if (verified && !ctx.soc.romStartsFsblAlone) startTfa();
    },
    manifestReported() {
      if (verified && ctx.soc.romStartsFsblAlone) startTfa();
    },
  };
  return { stage: 'rom', personality, dialect: romDialect, handler };
}
