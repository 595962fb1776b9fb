import type { Stage } from '../../../shared/board';
import { phaseId } from '../../protocol/phase';
import { isUsbError } from '../../usb/usb-error';
import type { Clock } from '../dfu/clock';
import { BmapStaleError, readBmapFor, type BmapRanges } from '../fastboot/bmap-reader';
import { isImageChanged } from '../image/image-identity';
import { FastbootFailure } from '../fastboot/fastboot-reply';
import type { FastbootMmcDevice } from '../fastboot/fastboot-script';
import { fastbootScript } from '../fastboot/fastboot-script';
import { flashPartition } from '../fastboot/flash-partition';
import { legacyScriptImage } from '../fastboot/script-image';
import { hex2 } from './board-reading';
import { memoryImage, type ImageSource } from './file-image-source';
import { fastbootTargets, type FastbootTarget } from './fastboot-partitions';
import type { OpenBoard } from './open-board';
import { ProgressMeter } from './progress-meter';
import type { ReconnectWatcher } from './reconnect-watcher';
import { openReturnedFastboot, type FastbootBoard } from './returned-fastboot';
import { sendImage } from './send-image';
import { SessionFailure } from './session-failure';
import type { ProgrammingSessionOptions } from './session-options';
import type { SendableImage, SessionRecord } from './session-record';

/** The device as the script names it (`mmc0`, `mmc1`); `decideFastPath` gives only such names. */
export function mmcDevice(device: string): FastbootMmcDevice {
  if (!/^mmc\d$/.test(device)) throw new SessionFailure('INTERNAL_ERROR', `${device} is not an MMC device`);
  return device as FastbootMmcDevice;
}

/** What the fastboot leg of a run is given by its session. */
export interface FastbootLegContext {
  /** The board in U-Boot's stm32prog, asking for the FlashLayout (phase 0x00). */
  readonly board: OpenBoard;
  readonly device: FastbootMmcDevice;
  /** The session's options: its plan, backend, console, signal, `resetAtEnd`. */
  readonly session: ProgrammingSessionOptions;
  readonly record: SessionRecord;
  readonly clock: Clock;
  readonly watcher: ReconnectWatcher;
  /** Enters a stage of the timeline. */
  readonly enter: (stage: Stage) => void;
  /** DETACH (a failure to answer it is logged: the board may have left). */
  readonly detach: () => Promise<void>;
  /** Releases and closes the DFU board the session holds. */
  readonly closeBoard: () => Promise<void>;
}

/**
 * The fast path after TF-A and the FIP (issue 26): the legacy script image to stm32prog's alternate 0 instead of
 * the FlashLayout, DETACH (stm32prog runs it: `env set partitions …; fastboot usb 0`), the board followed to
 * 0483:0afb by the tracker (same board by serial, any port), `oem format` (U-Boot's `gpt write` of `partitions`),
 * then each selected partition flashed (raw or sparse, with its bmap), and the end as the DFU path ends (with
 * `resetAtEnd`, `reboot`).
 */
export async function runFastbootLeg(context: FastbootLegContext): Promise<void> {
  const { board, record, device } = context;
  const { plan, signal } = context.session;
  const boardConsole = context.session.console ?? null;
  // Each image's bmap is checked before anything is sent: a stale one refuses the run while DFU is still possible.
  const targets = await withBmaps(fastbootTargets(plan, device));
  const script = fastbootScript(plan.layout, device);
  record.log(`fastboot script for ${device}: ${script.replace(/\n/g, '; ')}`, 'debug');
  const scriptImage: SendableImage = {
    id: phaseId.flashLayout,
    name: 'fastboot script',
    planned: null,
    open: async () => memoryImage(legacyScriptImage(script, 'stm32mp-flasher fastboot')),
  };
  boardConsole?.mark('loading the fastboot script (alternate 0)');
  await sendImage({
    device: board.device,
    image: scriptImage,
    phase: phaseId.flashLayout,
    stage: 'uboot-layout',
    record,
    clock: context.clock,
    expectLeaveAfterManifest: false,
    console: boardConsole,
    stillPresent: async () => true,
    ...(signal === undefined ? {} : { signal }),
  });
  await context.detach();
  await context.closeBoard();
  boardConsole?.mark('waiting for the board to come back as the fastboot device 0483:0afb');
  const fastboot = await followToFastboot(context, board.entry.key);
  try {
    context.enter('uboot-fastboot');
    // A partial update keeps the memory's partition table, as stm32prog does over DFU (its PARTUUIDs too).
    if (plan.partialMemories.length === 0)
      await fastbootStep('oem format', () => fastboot.client.oem('format'));
    else
      record.log(
        `partial update: the partition table on ${plan.partialMemories.join(', ')} is kept (no oem format)`,
      );
    for (const target of targets) await flashTarget(context, fastboot, target);
    if (context.session.resetAtEnd === true) {
      await fastboot.client.reboot().catch((error: unknown) => record.log(`reboot: ${String(error)}`));
      record.log('fastboot reboot: the board resets');
    }
  } finally {
    await fastboot.client.close().catch(() => undefined);
    await fastboot.transport.close().catch(() => undefined);
  }
  context.enter('done');
}

async function followToFastboot(context: FastbootLegContext, previousKey: string): Promise<FastbootBoard> {
  try {
    return await context.watcher.reconnectWith(
      previousKey,
      'uboot-fastboot',
      (entry, _matchedBy, options) =>
        openReturnedFastboot(entry, {
          ...options,
          backend: context.session.backend,
          clock: context.clock,
          platform: context.session.platform ?? process.platform,
          // The board's INFO/TEXT lines go to its console panel (as a marked line) and the run's debug log.
          onMessage: (kind, text) => {
            context.session.console?.mark(`fastboot ${kind}: ${text}`);
            context.record.log(`fastboot ${kind}: ${text}`, 'debug');
          },
        }),
      context.session.signal,
    );
  } catch (error) {
    if (error instanceof SessionFailure && error.code === 'DEVICE_NEVER_RETURNED')
      throw new SessionFailure(
        'DEVICE_NEVER_RETURNED',
        `${error.message}: the fastboot device 0483:0afb never came (its U-Boot may not run the script, or flash another device); program over DFU with --fast off`,
        error.evidence,
      );
    throw error;
  }
}

/** A FAIL from the board ends the run as `FASTBOOT_FAILED`, quoting the board; an unplug as `DEVICE_UNPLUGGED`. */
async function fastbootStep<T>(what: string, run: () => Promise<T>, partitionId?: number): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const evidence = {
      stage: 'uboot-fastboot' as const,
      ...(partitionId === undefined ? {} : { partitionId }),
    };
    if (error instanceof FastbootFailure)
      throw new SessionFailure('FASTBOOT_FAILED', `${what}: the board answered FAIL "${error.boardText}"`, {
        ...evidence,
        boardText: error.boardText,
      });
    if (isUsbError(error))
      throw new SessionFailure(
        error.code === 'no-device' ? 'DEVICE_UNPLUGGED' : 'DEVICE_TRANSFER_ERROR',
        `${what}: ${error.message}`,
        { ...evidence, usbCode: error.code },
      );
    throw error;
  }
}

type TargetWithBmap = FastbootTarget & { readonly bmap: BmapRanges | null };

/** The bmap beside each image, checked (`FAST_BMAP_STALE` names a stale one). */
async function withBmaps(targets: readonly FastbootTarget[]): Promise<TargetWithBmap[]> {
  const checked: TargetWithBmap[] = [];
  for (const target of targets) {
    const path = target.image.identity?.path ?? null;
    try {
      checked.push({ ...target, bmap: path === null ? null : await readBmapFor(path) });
    } catch (error) {
      if (error instanceof BmapStaleError)
        throw new SessionFailure('FAST_BMAP_STALE', `${error.message}; nothing was sent over fastboot`, {
          partitionId: target.image.id,
        });
      throw error;
    }
  }
  return checked;
}

/** The image as the sparse writer reads it: each read its own bytes (a file image's block is a reused view). */
function copyingSource(source: ImageSource): ImageSource {
  return {
    ...source,
    size: source.size,
    read: async (offset, length) => (await source.read(offset, length)).slice(),
  };
}

async function flashTarget(
  context: FastbootLegContext,
  fastboot: FastbootBoard,
  target: TargetWithBmap,
): Promise<void> {
  const { record, clock } = context;
  const { image, bmap } = target;
  context.session.signal?.throwIfAborted();
  const sendable: SendableImage = {
    id: image.id,
    name: image.name,
    planned: image,
    open: () => image.open(),
  };
  let source: ImageSource;
  try {
    source = await image.open();
  } catch (error) {
    if (isImageChanged(error))
      throw new SessionFailure('IMAGE_CHANGED', `${image.name}: ${error.message}`, { partitionId: image.id });
    throw new SessionFailure(
      'IMAGE_UNREADABLE',
      `the image of ${image.name} cannot be read: ${String(error)}`,
    );
  }
  const meter = new ProgressMeter(clock);
  context.session.console?.mark(`flashing partition ${hex2(image.id)} ${image.name} over fastboot`);
  try {
    record.progress(sendable, 0, source.size, { bytesPerSecond: null, etaSeconds: null }, false);
    // `D` (delete first): stm32prog erases the partition before writing it over DFU; fastboot's `erase:` does the
    // same here (fb_mmc.c `fastboot_mmc_erase`, whole partition or boot area), so both paths leave the same bytes.
    if (image.partition.opt?.delete === true)
      await fastbootStep(`erase:${target.name}`, () => fastboot.client.erase(target.name), image.id);
    const result = await fastbootStep(
      `flash:${target.name}`,
      () =>
        flashPartition(fastboot.client, {
          partition: target.name,
          image: copyingSource(source),
          bmap,
          maxDownloadSize: fastboot.maxDownloadSize,
          onProgress: (progress) => {
            const reading = meter.sample(progress.doneBytes, progress.imageBytes);
            if (reading !== null)
              record.progress(sendable, progress.doneBytes, progress.imageBytes, reading, false);
          },
        }),
      image.id,
    );
    if (target.bootArea !== null) {
      await fastbootStep('oem bootbus', () => fastboot.client.oem('bootbus:0 0 0'), image.id);
      await fastbootStep(
        'oem partconf',
        () => fastboot.client.oem(`partconf:1 ${target.bootArea}`),
        image.id,
      );
    }
    if (result.skippedBytes > 0) record.skipped(sendable, result.skippedBytes);
    // Every byte read in order (no bmap skip): the bytes sent are the ones the plan hashed, or IMAGE_CHANGED.
    if (result.skippedBytes === 0) checkUnchanged(source, image.name, image.id);
    record.progress(sendable, source.size, source.size, meter.reading(source.size, source.size), true);
  } finally {
    await source.close();
  }
}

function checkUnchanged(source: ImageSource, name: string, partitionId: number): void {
  try {
    source.verify?.();
  } catch (error) {
    if (isImageChanged(error))
      throw new SessionFailure('IMAGE_CHANGED', `${name} changed while it was sent: ${error.message}`, {
        partitionId,
      });
  }
}
