import type { Stage } from '../../../shared/board';
import { phaseId } from '../../protocol/phase';
import type { Clock } from '../dfu/clock';
import type { DfuDevice } from '../dfu/dfu-device';
import { isDfuError } from '../dfu/dfu-error';
import type { ImageChangedError } from '../image/image-identity';
import { isImageChanged } from '../image/image-identity';
import { hex2 } from './board-reading';
import type { BoardConsole } from './board-console';
import type { ImageSource } from './file-image-source';
import { ProgressMeter } from './progress-meter';
import { consoleErrorText, imageKindOf } from './refused-image';
import { isSessionFailure, SessionFailure } from './session-failure';
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
  /** The board's console, whose `ERROR:` lines during the transfer explain a STALL. */
  readonly console?: BoardConsole | null;
}

/**
 * Downloads one image to the alternate of its phase, with throttled progress, and records its outcome. A file
 * image is held to the identity the plan recorded: its size and modification time when it is opened, the SHA-256 of
 * the bytes sent after the last block and before the manifestation; a changed file ends with `IMAGE_CHANGED`
 * and that image is never manifested.
 */
export async function sendImage(options: SendImageOptions): Promise<void> {
  const { image, record, device } = options;
  let source: ImageSource;
  try {
    source = await image.open();
  } catch (error) {
    if (isImageChanged(error)) throw imageChanged(error, options);
    throw new SessionFailure(
      'IMAGE_UNREADABLE',
      `the image of ${image.name} cannot be read: ${String(error)}`,
    );
  }
  const meter = new ProgressMeter(options.clock);
  let bytes = 0;
  const heard: string[] = [];
  const stopListening = options.console?.onLines((lines) => heard.push(...lines)) ?? (() => undefined);
  try {
    if (source.size === 0)
      throw new SessionFailure(
        'IMAGE_UNREADABLE',
        `the image of ${image.name} is empty: the board cannot take 0 bytes`,
      );
    const from = options.from ?? 0;
    bytes = from;
    record.progress(image, from, source.size, { bytesPerSecond: null, etaSeconds: null }, false);
    // Continuing from `from`: the bytes before it were sent earlier in this run; read them again for the digest.
    if (from > 0 && source.verify !== undefined) await readThrough(source, from);
    await device.downloadPhase(options.phase, from === 0 ? source : sourceFrom(source, from), {
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      beforeManifest: () => {
        try {
          source.verify?.();
        } catch (error) {
          throw isImageChanged(error) ? imageChanged(error, options) : error;
        }
      },
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
    // The MP15 ROM starts the FSBL by itself: a failing GETSTATUS after the manifestation means it left, unless
    // the board answered dfuERROR, or STALLed and still waits for an FSBL: then the ROM refused it (findings §13).
    const leftAsExpected =
      options.expectLeaveAfterManifest &&
      isDfuError(error) &&
      error.detail.step === 'manifest' &&
      error.code !== 'DFU_ERROR_STATUS' &&
      error.code !== 'DFU_CANCELLED' &&
      !(error.detail.usbCode === 'stall' && (await stillWantsFsbl(device)));
    if (!leftAsExpected) {
      record.failed(image, bytes, isDfuError(error, 'DFU_CANCELLED'));
      if (isSessionFailure(error)) throw error;
      if (isDfuError(error, 'DFU_SOURCE_ERROR') && isImageChanged(error.detail.cause))
        throw imageChanged(error.detail.cause, options);
      throw await transferFailure(error, {
        stage: options.stage,
        partitionId: options.phase,
        name: image.name,
        stillPresent: options.stillPresent,
        boardText: () => boardErrorText(device),
        consoleError: () => lastConsoleError(heard),
        imageKind: imageKindOf(await imageHead(source)),
      });
    }
    record.log(`${image.name}: the ROM started the FSBL after the manifestation, as MP15 does`);
  } finally {
    stopListening();
    await source.close();
  }
  record.progress(image, source.size, source.size, meter.reading(source.size, source.size), true);
}

/** `IMAGE_CHANGED`, naming the partition, the file and what changed. */
function imageChanged(error: ImageChangedError, options: SendImageOptions): SessionFailure {
  return new SessionFailure(
    'IMAGE_CHANGED',
    `the image of partition ${hex2(options.phase)} ${options.image.name} changed after it was checked: ${error.message}; check the layout again and program again`,
    { stage: options.stage, partitionId: options.phase },
  );
}

/** Reads an image's first `end` bytes in order (for its digest), sending none of them. */
async function readThrough(source: ImageSource, end: number): Promise<void> {
  const chunk = 64 * 1024;
  for (let offset = 0; offset < end; offset += chunk)
    await source.read(offset, Math.min(chunk, end - offset));
}

/** The rest of an image from `from` on (GetPhase asked for it from there). */
function sourceFrom(source: ImageSource, from: number): ImageSource {
  return {
    size: source.size - from,
    read: (offset, length) => source.read(from + offset, length),
    close: () => source.close(),
  };
}

/** The board's own error text (GetPhase 0xFF) after a refused transfer; `DfuDevice.getPhase` recovers dfuIDLE. */
async function boardErrorText(device: DfuDevice): Promise<string | null> {
  try {
    return (await device.getPhase()).errorText;
  } catch {
    return null;
  }
}

/** Whether the board still answers GetPhase asking for the FSBL (the ROM kept waiting). */
async function stillWantsFsbl(device: DfuDevice): Promise<boolean> {
  try {
    return (await device.getPhase()).phaseId === phaseId.fsbl;
  } catch {
    return false;
  }
}

/** The last `ERROR:` line the board printed during the transfer, as its text. */
function lastConsoleError(lines: readonly string[]): string | null {
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    const text = consoleErrorText(lines[i] ?? '');
    if (text !== null) return text;
  }
  return null;
}

async function imageHead(source: ImageSource): Promise<Uint8Array | null> {
  try {
    return Uint8Array.from(await source.read(0, Math.min(8, source.size)));
  } catch {
    return null;
  }
}
