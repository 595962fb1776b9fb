import { dfuStatus } from '../../protocol/dfu';
import type { StageContext } from '../board/board-stage';
import type { DfuOutcome } from '../dfu/dfu-stage-handler';
import type { LayoutPart } from './layout-part';
import { partitionTarget } from './partition-target';
import type { Stm32prog } from './stm32prog';

/** One DFU entity's read transaction (drivers/dfu/dfu.c: `inited`, `i_blk_seq_num`, `offset`, `r_left`). */
interface ReadTransaction {
  seq: number;
  offset: number;
  left: number;
}

/**
 * U-Boot's DFU UPLOAD on a partition alternate (drivers/dfu/dfu.c `dfu_read`, `dfu_read_buffer_fill`): every
 * entity of `stm32prog_alt_add` (mmc, mtd, ram) has a `read_medium`. The first UPLOAD opens the entity's
 * transaction over the whole partition (`get_medium_size`) from offset 0, or from SetPhase's offset for the
 * partition being written (`dfu_initiated_callback`); each block must carry the next number (else
 * `Wrong sequence number!`, -1: f_dfu STALLs, its state left in dfuUPLOAD-IDLE); a block shorter than asked
 * ends the transaction. Nothing else ends it: f_dfu's ABORT in dfuUPLOAD-IDLE and SET_INTERFACE leave it open,
 * so a new read from block 0 of a partly read alternate fails. The transactions live as long as the gadget.
 */
export class PartitionReads {
  readonly #open = new Map<number, ReadTransaction>();
  readonly #ctx: StageContext;
  readonly #program: Stm32prog;

  constructor(ctx: StageContext, program: Stm32prog) {
    this.#ctx = ctx;
    this.#program = program;
  }

  async read(alt: number, part: LayoutPart, block: number, length: number): Promise<Uint8Array | DfuOutcome> {
    const console = this.#ctx.console;
    let transaction = this.#open.get(alt);
    if (transaction === undefined) {
      const start = part === this.#program.curPart ? this.#program.offset : 0;
      transaction = { seq: 0, offset: start, left: part.size };
      this.#open.set(alt, transaction);
    }
    if (block !== transaction.seq) {
      console.print(`dfu_read: Wrong sequence number! [${transaction.seq}] [${block}]`);
      return { ok: false, status: dfuStatus.ok, stall: true, uploadIdle: true };
    }
    transaction.seq = (transaction.seq + 1) & 0xffff;
    const count = Math.max(0, Math.min(length, transaction.left));
    const target = partitionTarget(part, this.#ctx.storage);
    await this.#ctx.paceBlock(this.#ctx.link.blockCostMs('uboot', target.medium));
    // Model choice `ramTargetsDiscarded`: a `ram` line's bytes were kept nowhere, so they read back as zeros.
    const bytes =
      target.memory === null || count === 0
        ? new Uint8Array(count)
        : await (await this.#ctx.storage.medium(target.memory)).read(target.base + transaction.offset, count);
    transaction.offset += count;
    transaction.left -= count;
    if (count < length) {
      this.#open.delete(alt);
      console.print('');
      console.print('UPLOAD ... done');
      console.print('Ctrl+C to exit ...');
    }
    return bytes;
  }
}

/** The `corrupt=<id>[:<offset>]` fault: flips 16 bytes of a partition just written, in its memory file. */
export async function corruptWritten(ctx: StageContext, part: LayoutPart, written: number): Promise<void> {
  const fault = ctx.faults.corrupt;
  if (fault === null || fault.partitionId !== part.id || written === 0) return;
  const target = partitionTarget(part, ctx.storage);
  if (target.memory === null) return;
  const from = Math.min(fault.offset ?? Math.floor(written / 2), written - 1);
  const count = Math.min(16, written - from);
  const medium = await ctx.storage.medium(target.memory);
  const bytes = Uint8Array.from(await medium.read(target.base + from, count)).map((byte) => byte ^ 0xff);
  await medium.write(target.base + from, bytes);
}
