/*
 * Read-back verify: what U-Boot allows, from its sources (u-boot, master):
 *
 * - arch/arm/mach-stm32mp/cmd_stm32prog/stm32prog.c, `dfu_init_entities` / `stm32prog_alt_add`: in the second
 *   enumeration every layout line whose IP is not `none` gets an alternate (`@name/0xID/1*size{a|e}`), backed by a
 *   DFU entity of its memory: `mmc` (raw offset and size, `mmcpart N` for the eMMC boot areas), `mtd` (nor, nand,
 *   spi-nand) or `ram`. The `a`/`e` letter is only text: U-Boot checks neither.
 * - drivers/dfu/dfu_mmc.c, dfu_mtd.c, dfu_ram.c: each sets `read_medium` and `get_medium_size`, so a DFU UPLOAD
 *   works on every partition alternate. drivers/dfu/dfu.c `dfu_read` → `dfu_transaction_initiate(dfu, true)`:
 *   `r_left` = the whole partition (`get_medium_size`), offset 0 (stm32prog.c `dfu_initiated_callback` moves it to
 *   SetPhase's offset only for the partition being written, `cur_part`, which has moved on once a partition's
 *   manifestation is done: `dfu_flush_callback` → `stm32prog_next_phase`).
 * - The first enumeration (layout) and the ROM/TF-A stages (boot chain loaded into RAM) offer no partition alt to
 *   read: only the FlashLayout and virtual alts. So verify covers what U-Boot writes, on every memory kind.
 * - dfu.c `dfu_read`: the block number must be the next one (`Wrong sequence number!` → -1); a block shorter than
 *   asked ends the transaction (`dfu_transaction_cleanup`). drivers/usb/gadget/f_dfu.c `state_dfu_idle`: UPLOAD
 *   sets dfuUPLOAD-IDLE; a short answer goes back to dfuIDLE. `state_dfu_upload_idle`: ABORT sets dfuIDLE and
 *   does NOT clean up the entity's transaction (`inited` stays set, its block counter where it stopped), and
 *   `dfu_set_alt` (SET_INTERFACE) does not either: a second read of the same alt from block 0 in this gadget fails
 *   with `Wrong sequence number`. A partition is bigger than its image, so a read stops early and must ABORT:
 *   each alternate is therefore read once, in one pass from block 0, never twice in a session.
 */
import type { IpKind } from '../../../shared/layout';
import type { Clock } from '../dfu/clock';
import type { DfuDevice } from '../dfu/dfu-device';
import { hex2 } from '../session/board-reading';
import { ProgressMeter } from '../session/progress-meter';
import { SessionFailure } from '../session/session-failure';
import type { SendableImage, SessionRecord } from '../session/session-record';

/** Memory kinds whose U-Boot DFU entity has a `read_medium` (dfu_mmc.c, dfu_mtd.c, dfu_ram.c). */
const readableKinds: ReadonlySet<IpKind> = new Set(['mmc', 'nor', 'nand', 'spi-nand', 'ram']);

/** Why this partition cannot be read back, or null when U-Boot allows an upload on its alternate. */
export function readBackRefusal(kind: IpKind | null, alreadyRead: boolean): string | null {
  if (alreadyRead)
    return 'its alternate was already read in this session, and U-Boot cannot read an alternate twice (f_dfu.c)';
  if (kind === null || !readableKinds.has(kind))
    return `U-Boot has no read-back for the memory ${kind ?? 'none'}`;
  return null;
}

export interface VerifyOptions {
  readonly device: DfuDevice;
  readonly phase: number;
  readonly image: SendableImage;
  readonly record: Pick<SessionRecord, 'verifyProgress' | 'log'>;
  readonly clock: Clock;
  readonly signal?: AbortSignal;
}

/**
 * Reads the partition of `phase` back by DFU UPLOAD from block 0 and compares it with the image as both stream:
 * one wTransferSize block of each at a time, nothing held beyond it. `VERIFY_MISMATCH` names the partition and
 * the first differing offset. Leaves the board in dfuIDLE (ABORT after the image's last byte).
 */
export async function verifyPartition(options: VerifyOptions): Promise<void> {
  const { device, image, record } = options;
  const source = await image.open();
  const meter = new ProgressMeter(options.clock);
  try {
    const size = source.size;
    record.verifyProgress(image, 0, size, { bytesPerSecond: null, etaSeconds: null }, false);
    const alternate = await device.findAlternate(options.phase);
    await device.selectAlternate(alternate.alternateSetting);
    await device.recover();
    let offset = 0;
    let endedShort = false;
    for (let block = 0; offset < size; block += 1) {
      options.signal?.throwIfAborted();
      const length = Math.min(device.transferSize, size - offset);
      const read = await device.control.upload(block, length);
      const expected = await source.read(offset, length);
      const differs = firstDifference(read, expected);
      if (differs !== null) throw mismatch(options, offset + differs, read.length < length);
      offset += length;
      endedShort = read.length < length;
      const reading = meter.sample(offset, size);
      if (reading !== null && offset < size) record.verifyProgress(image, offset, size, reading, false);
    }
    // The partition goes on past the image: the board waits in dfuUPLOAD-IDLE for the next block.
    if (!endedShort) await device.abort();
    record.verifyProgress(image, size, size, meter.reading(size, size), true);
    record.log(`${image.name}: ${size} bytes read back, equal to the image`);
  } finally {
    await source.close();
  }
}

/** The first index where the two differ (a short `read` differs where it ends), or null. */
export function firstDifference(read: Uint8Array, expected: Uint8Array): number | null {
  const common = Math.min(read.length, expected.length);
  for (let i = 0; i < common; i += 1) if (read[i] !== expected[i]) return i;
  return read.length === expected.length ? null : common;
}

function mismatch(options: VerifyOptions, offset: number, short: boolean): SessionFailure {
  const where = `0x${offset.toString(16)}`;
  const what = short
    ? `the board gave only ${offset} bytes of it`
    : `the first differing byte is at offset ${where} (${offset})`;
  return new SessionFailure(
    'VERIFY_MISMATCH',
    `partition ${hex2(options.phase)} ${options.image.name} read back differs from its image: ${what}`,
    { stage: 'uboot-partitions', partitionId: options.phase },
  );
}
