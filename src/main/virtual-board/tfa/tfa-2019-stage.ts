import { dfuStatus } from '../../protocol/dfu';
import { phaseId, undefinedAddress } from '../../protocol/phase';
import { stm32HeaderField, stm32HeaderVersion, stm32Magic } from '../../protocol/stm32-header';
import type { BoardStage, StageContext } from '../board/board-stage';
import { tfa2019Dialect } from '../dfu/dfu-dialect';
import type { DfuOutcome, DfuStageHandler } from '../dfu/dfu-stage-handler';
import { dfuOk } from '../dfu/dfu-stage-handler';
import { tfaGetPhaseAnswer } from '../dfu/get-phase-answer';
import { romAlternates, romPersonality } from '../rom/rom-identity';
import { bootUboot } from '../uboot/uboot-boot';
import { ubootOf2019 } from '../uboot/uboot-build';

const stalled: DfuOutcome = { ok: false, status: dfuStatus.errStalledPkt, stall: true };
const virtualAlt = 5;
const layoutBuffer = { base: 0xc0000000, size: 256 << 10 } as const;
const ssblBuffer = { base: 0xc0100000, size: 16 << 20 } as const;

function isStm32V1(image: Uint8Array): boolean {
  if (image.length < 256 || !stm32Magic.every((byte, i) => image[i] === byte)) return false;
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  return view.getUint32(stm32HeaderField.headerVersion, true) === stm32HeaderVersion.v1_0;
}

/**
 * The 2019 TF-A (ST v2.0-stm32mp, MP15) as the real CubeProgrammer 2.1 log shows it (spec §11, findings §9):
 * the ROM's USB stack and strings kept, DNLOAD only on the alt whose number is the phase, the FlashLayout
 * at phase 0x00 (kept in DDR for U-Boot), then a `.stm32` SSBL at phase 0x03.
 */
export function createTfa2019Stage(ctx: StageContext): BoardStage {
  let phase: number = phaseId.flashLayout;
  let address: number = layoutBuffer.base;
  let error = '';
  let layout: Uint8Array | null = null;
  const chunks: Uint8Array[] = [];
  const fail = (text: string): DfuOutcome => {
    if (phase !== phaseId.reset) {
      phase = phaseId.reset;
      error = text;
      ctx.console.print(`ERROR:   ${text}`);
    }
    return stalled;
  };

  const handler: DfuStageHandler = {
    async download(alt, _block, data) {
      await ctx.paceBlock(ctx.link.blockCostMs('tfa'));
      if (alt !== phase) return stalled;
      const buffer = phase === phaseId.flashLayout ? layoutBuffer : ssblBuffer;
      if (address + data.length > buffer.base + buffer.size) return stalled;
      chunks.push(Uint8Array.from(data));
      address += data.length;
      return dfuOk;
    },
    async manifest(alt) {
      if (alt !== phase) return stalled;
      const image = Buffer.concat(chunks);
      chunks.length = 0;
      if (phase === phaseId.flashLayout) {
        layout = image;
        phase = phaseId.ssbl;
        address = ssblBuffer.base;
        return dfuOk;
      }
      // Model choice `tfa2019SsblCheck`: this TF-A loads the SSBL as an STM32 image (spec §11 row 5); anything
      // else (a FIP) fails with this text, the real wording not being known.
      if (!isStm32V1(image)) return fail(`SSBL header check failed for phase ${alt}`);
      phase = phaseId.flashLayout;
      address = undefinedAddress;
      return dfuOk;
    },
    async upload(alt, block) {
      if ((alt !== virtualAlt && alt !== phase) || block !== 0) return stalled;
      return tfaGetPhaseAnswer(phase, address, error);
    },
    detach() {
      if (phase === phaseId.reset) {
        ctx.changeStage({ kind: 'reset' });
        return;
      }
      if (phase !== phaseId.flashLayout || address !== undefinedAddress) return;
      ctx.console.print('NOTICE:  BL2: Booting BL32');
      const kept = layout;
      ctx.changeStage({ kind: 're-enumerate', boot: () => bootUboot(ctx, kept, ubootOf2019) });
    },
  };
  // Model choice `tfa2019Strings`: the 2019 TF-A answers with the ROM's descriptors (the old TF-A header that
  // holds the ROM-identical strings, spec §9), so only the stage behind them changes.
  const personality = romPersonality('mp15', ctx.soc.deviceId, ctx.profile, ctx.serial);
  return {
    stage: 'tfa',
    personality: { ...personality, alternates: romAlternates.mp15 },
    dialect: tfa2019Dialect,
    handler,
  };
}
