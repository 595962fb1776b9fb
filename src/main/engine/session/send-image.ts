import type { Stage } from '../../../shared/board';
import type { Clock } from '../dfu/clock';
import type { DfuDevice } from '../dfu/dfu-device';
import { isDfuError } from '../dfu/dfu-error';
import type { ImageSource } from './file-image-source';
import { ProgressMeter } from './progress-meter';
import { SessionFailure } from './session-failure';
import type { SendableImage, SessionRecord } from './session-record';
import { transferFailure } from './transfer-failure';

export interface SendImageOptions {
  readonly device: DfuDevice;
  readonly image: SendableImage;
  readonly phase: number;
  /** Where in the image to start (GetPhase's offset, when this run sent the bytes before it); 0 normally. */
  readonly from?: number;
  readonly stage: Stage;
  readonly record: SessionRecord;
  readonly clock: Clock;
  readonly signal?: AbortSignal;
  /** The MP15 ROM starts the FSBL by itself: a failing GETSTATUS after the manifestation means it left (spec §4.3). */
  readonly expectLeaveAfterManifest: boolean;
  readonly stillPresent: () => Promise<boolean>;
  /** Told the bytes of the image the board has acknowledged so far (counted from the image's start). */
  readonly onAcknowledged?: (bytes: number) => void;
}

/** Downloads one image to the alternate of its phase, with throttled progress, and records its outcome. */
export async function sendImage(options: SendImageOptions): Promise<void> {
  const { image, record, device } = options;
  let source: ImageSource;
  try {
    source = await image.open();
  } catch (error) {
    throw new SessionFailure(
      'IMAGE_UNREADABLE',
      `the image of ${image.name} cannot be read: ${String(error)}`,
    );
  }
  const meter = new ProgressMeter(options.clock);
  let bytes = 0;
  try {
    if (source.size === 0)
      throw new SessionFailure(
        'IMAGE_UNREADABLE',
        `the image of ${image.name} is empty: the board cannot take 0 bytes`,
      );
    const from = options.from ?? 0;
    bytes = from;
    record.progress(image, from, source.size, { bytesPerSecond: null, etaSeconds: null }, false);
    await device.downloadPhase(options.phase, from === 0 ? source : sourceFrom(source, from), {
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      onSlowWrite: (notice) => record.writing(image, notice.leftMs),
      onProgress: (partial) => {
        const progress = { bytesSent: from + partial.bytesSent, totalBytes: from + partial.totalBytes };
        bytes = progress.bytesSent;
        options.onAcknowledged?.(bytes);
        const reading = meter.sample(progress.bytesSent, progress.totalBytes);
        if (reading !== null && progress.bytesSent < progress.totalBytes)
          record.progress(image, progress.bytesSent, progress.totalBytes, reading, false);
      },
    });
  } catch (error) {
    const leftAsExpected =
      options.expectLeaveAfterManifest &&
      isDfuError(error) &&
      error.detail.step === 'manifest' &&
      error.code !== 'DFU_ERROR_STATUS' &&
      error.code !== 'DFU_CANCELLED';
    if (!leftAsExpected) {
      record.failed(image, bytes);
      throw await transferFailure(error, {
        stage: options.stage,
        partitionId: options.phase,
        name: image.name,
        stillPresent: options.stillPresent,
        boardText: () => boardErrorText(device),
      });
    }
    record.log(`${image.name}: the ROM started the FSBL after the manifestation, as MP15 does`);
  } finally {
    await source.close();
  }
  record.progress(image, source.size, source.size, meter.reading(source.size, source.size), true);
}

/** The rest of an image from `from` on (GetPhase asked for it from there). */
function sourceFrom(source: ImageSource, from: number): ImageSource {
  return {
    size: source.size - from,
    read: (offset, length) => source.read(from + offset, length),
    close: () => source.close(),
  };
}

/**
 * The board's own error text (GetPhase 0xFF) after a refused transfer. Workaround: the virtual U-Boot answers
 * SET_INTERFACE with dfuIDLE but keeps errUNKNOWN, which `DfuDevice.recover()` tries to clear with ABORT and
 * gives up (DFU_UNEXPECTED_STATE); two CLRSTATUS (the first puts it in dfuERROR, the second clears it) do.
 */
async function boardErrorText(device: DfuDevice): Promise<string | null> {
  const read = async (): Promise<string | null> => (await device.getPhase()).errorText;
  try {
    return await read();
  } catch {
    for (let attempt = 0; attempt < 2; attempt += 1) await device.clearStatus().catch(() => undefined);
    return read().catch(() => null);
  }
}
