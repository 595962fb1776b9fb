import { dfuStatus } from '../../protocol/dfu';
import { getPhaseLayout, phaseDoReset, phaseId, setPhaseMinimumLength } from '../../protocol/phase';
import { UsbError } from '../../usb/usb-error';
import type { BoardStage, StageContext } from '../board/board-stage';
import { ubootDialect } from '../dfu/dfu-dialect';
import type { DfuOutcome, DfuStageHandler } from '../dfu/dfu-stage-handler';
import { dfuOk } from '../dfu/dfu-stage-handler';
import { stageGapMs } from '../timing/link-model';
import { hostStorageProblem } from '../storage/board-storage';
import { partitionTarget } from './partition-target';
import { corruptWritten, PartitionReads } from './partition-reads';
import { scriptAfterDetach } from './script-after-detach';
import { startStm32progGadget } from './uboot-boot';
import type { Stm32prog } from './stm32prog';
import type { UbootAlt } from './uboot-alternates';
import { ubootAlternates, ubootVirtualSizes } from './uboot-alternates';
import { ubootDfuBufferSize, ubootPersonality, ubootProduct } from './uboot-identity';

const writeFailed: DfuOutcome = { ok: false, status: dfuStatus.errUnknown, stall: false };
const LAYOUT_RAM_SIZE = 0x40000;

interface Transfer {
  readonly alt: number;
  seq: number;
  offset: number;
  blocks: number;
  readonly chunks: Uint8Array[];
}

/**
 * One U-Boot `stm32prog` gadget (spec §1.1 rows 3 and 4): the FlashLayout alt before a layout is held, the
 * partition alts after; GetPhase/SetPhase on `@virtual`; writes to the board's memories; faults at blocks.
 */
export function createUbootStage(ctx: StageContext, program: Stm32prog): BoardStage {
  // Model choice `uboot2019OtpAlt`: the 2019 stm32prog declared a 512-byte OTP alt (its OTP_SIZE).
  const otpSize = ctx.generation === '2019' ? 512 : ctx.soc.ubootOtpSize;
  const { names, alts } = ubootAlternates(program.parts, otpSize);
  const layoutStage = alts[0]?.kind === 'layout';
  let transfer: Transfer | null = null;
  let uploadOffset = 0;
  const reads = new PartitionReads(ctx, program);

  const errorCallback = (alt: number, message: string): void => {
    if (program.curPart && program.curPart.altId === alt) program.err(message);
  };

  const writeBlock = async (
    alt: number,
    backing: UbootAlt,
    current: Transfer,
    data: Uint8Array,
  ): Promise<DfuOutcome> => {
    if (backing.kind === 'layout') {
      if (current.offset + data.length > LAYOUT_RAM_SIZE) return writeFailed;
      current.chunks.push(Uint8Array.from(data));
      return dfuOk;
    }
    if (backing.kind === 'virtual') {
      if (current.blocks === 0) setPhase(data);
      return dfuOk;
    }
    if (backing.kind !== 'partition') return dfuOk;
    const { part } = backing;
    const target = partitionTarget(part, ctx.storage);
    await ctx.paceBlock(ctx.link.blockCostMs('uboot', target.medium));
    const { faults } = ctx;
    if (faults.unplug?.partitionId === part.id && faults.unplug.block === current.blocks) {
      ctx.powerOff();
      throw new UsbError('no-device', 'device unplugged');
    }
    // `stall`: the transfer fails on the wire; U-Boot is left in dfuERROR/errUNKNOWN, its phase unchanged
    // (model choice `stallKeepsPhase`: the data never reached `dfu_write`, so no stm32prog error is recorded).
    if (faults.stall?.partitionId === part.id && faults.stall.block === current.blocks)
      return { ok: false, status: dfuStatus.errUnknown, stall: true };
    // Model choice `badStatusAtMediaWrite`: U-Boot buffers 8 MiB before writing (spec §7), so `bad-status` fails at
    // the block that fills the buffer, or at the manifestation flush for a smaller partition. Blocks are written
    // to the memory file at once; only the error follows U-Boot's timing.
    const crossesBuffer =
      Math.floor((current.offset + data.length) / ubootDfuBufferSize) >
      Math.floor(current.offset / ubootDfuBufferSize);
    if (faults.badStatus === part.id && crossesBuffer) {
      errorCallback(alt, 'DFU write error');
      return writeFailed;
    }
    if (current.offset + data.length > part.size) {
      errorCallback(alt, 'DFU write error');
      return writeFailed;
    }
    if (target.memory === null) return dfuOk;
    try {
      await (await ctx.storage.medium(target.memory)).write(target.base + current.offset, data);
    } catch (error) {
      // Model choice `hostStorageWriteFailure`: the memory file on the host could not be written (its disk is full,
      // a refused link): the board fails as a real one whose memory write fails; the simulation names the disk.
      ctx.console.print(hostStorageProblem(ctx.storage.directory, target.memory, error));
      errorCallback(alt, 'DFU write error');
      return writeFailed;
    }
    return dfuOk;
  };

  const setPhase = (data: Uint8Array): void => {
    if (data.length < setPhaseMinimumLength) {
      program.err('size not allowed');
      return;
    }
    const phase = data[0] ?? 0;
    const address =
      (((data[1] ?? 0) << 24) | ((data[2] ?? 0) << 16) | ((data[3] ?? 0) << 8) | (data[4] ?? 0)) >>> 0;
    if (phase === phaseId.reset) {
      ctx.console.print(`## Starting application at 0x${address.toString(16).padStart(8, '0')} ...`);
      return;
    }
    if (phase === program.phase) {
      program.offset = address;
      return;
    }
    const part = program.parts.find((candidate) => candidate.id === phase);
    if (!part) {
      // Model choice `setPhaseUnknownText`: `failed: -22` is U-Boot's log; the stored error text is not known.
      ctx.console.print('failed: -22');
      program.err(`invalid phase 0x${phase.toString(16)}`);
      return;
    }
    program.phase = phase;
    program.curPart = part;
    program.offset = address;
  };

  const handler: DfuStageHandler = {
    async download(alt, block, data) {
      const backing = alts[alt];
      if (!backing) return writeFailed;
      if (!transfer || transfer.alt !== alt) {
        // `dfu_initiated_callback`: the current partition restarts at the offset SetPhase gave.
        const start = backing.kind === 'partition' && backing.part === program.curPart ? program.offset : 0;
        transfer = { alt, seq: 0, offset: start, blocks: 0, chunks: [] };
      }
      const current = transfer;
      if (block !== current.seq) {
        ctx.console.print(`dfu_write: Wrong sequence number! [${block}] [${current.seq}]`);
        transfer = null;
        errorCallback(alt, 'Wrong sequence number');
        return writeFailed;
      }
      const outcome = await writeBlock(alt, backing, current, data);
      if (!outcome.ok) {
        transfer = null;
        return outcome;
      }
      current.seq = (current.seq + 1) & 0xffff;
      current.offset += data.length;
      current.blocks++;
      return dfuOk;
    },
    async manifest(alt) {
      const backing = alts[alt];
      const done = transfer;
      transfer = null;
      if (backing?.kind === 'layout') program.receiveLayout(Buffer.concat(done?.chunks ?? []));
      if (backing?.kind === 'partition') {
        const pending = (done?.offset ?? 0) % ubootDfuBufferSize;
        await ctx.wait(ctx.link.gapMs(pending / stageGapMs.flushBytesPerMs));
        if (ctx.faults.badStatus === backing.part.id) {
          errorCallback(alt, 'DFU write error');
          return writeFailed;
        }
        await corruptWritten(ctx, backing.part, done?.offset ?? 0);
        if (program.curPart?.altId === alt) program.nextPhase();
      }
      ctx.console.print('DOWNLOAD ... OK');
      ctx.console.print('Ctrl+C to exit ...');
      return dfuOk;
    },
    async upload(alt, block, length) {
      const backing = alts[alt];
      if (block === 0) uploadOffset = 0;
      if (backing?.kind === 'virtual') {
        if (block !== 0) return new Uint8Array(0);
        // Model choice `ubootShortGetPhase`: `request exceeds allowed area` (-EINVAL) ends as STALL + dfuERROR.
        if (length < getPhaseLayout.minimumLength) {
          ctx.console.print('request exceeds allowed area');
          return { ok: false, status: dfuStatus.errUnknown, stall: true };
        }
        return program.getPhase(length);
      }
      if (backing?.kind === 'partition') return reads.read(alt, backing.part, block, length);
      const size = backing?.kind === 'otp' ? otpSize : backing?.kind === 'pmic' ? ubootVirtualSizes.pmic : 0;
      const chunk = new Uint8Array(Math.max(0, Math.min(length, size - uploadOffset)));
      uploadOffset += chunk.length;
      return chunk;
    },
    detach() {
      // `stm32prog_usb_loop`: the FlashLayout gadget goes on to the partitions only while the phase is still
      // PHASE_FLASHLAYOUT; otherwise it returns `ret` (0: no reset). After the partitions gadget the board resets
      // only in PHASE_DO_RESET (an error the host read through GetPhase); PHASE_RESET alone does not reset.
      // A bus reset right after the DETACH resets in any phase (`run_usb_dnl_gadget`, see `VirtualBoard`).
      if (!layoutStage && program.phase === phaseDoReset) {
        ctx.console.print('Download done');
        ctx.console.print('Reset...');
        ctx.changeStage({ kind: 'reset' });
        return;
      }
      if (layoutStage && program.script !== null) {
        ctx.changeStage(scriptAfterDetach(ctx, program, program.script));
        return;
      }
      if (layoutStage && program.phase === phaseId.flashLayout) {
        ctx.changeStage({
          kind: 're-enumerate',
          boot: async () => {
            await ctx.wait(ctx.link.gapMs(stageGapMs.ubootLayoutToPartitions));
            return startStm32progGadget(ctx, program);
          },
        });
        return;
      }
      ctx.changeStage({ kind: 'leave', farewell: 'Download done' });
    },
    alternateSelected() {
      transfer = null;
    },
  };
  const personality = ubootPersonality(ubootProduct(ctx.soc.deviceId, ctx.profile), ctx.serial, names);
  return {
    stage: layoutStage ? 'uboot-layout' : 'uboot-partitions',
    personality,
    dialect: ubootDialect,
    handler,
  };
}
