import type { Stage } from '../../../shared/board';
import { phaseId } from '../../protocol/phase';
import type { Clock } from '../dfu/clock';
import type { DfuDevice } from '../dfu/dfu-device';
import { isDfuError } from '../dfu/dfu-error';
import type { BoardConsole } from './board-console';
import type { ImageSource } from './file-image-source';
import { ProgressMeter } from './progress-meter';
import { consoleErrorText, imageKindOf } from './refused-image';
import { SessionFailure } from './session-failure';
import type { SendableImage, SessionRecord } from './session-record';
import { transferFailure } from './transfer-failure';

export interface SendImageOptions {
  readonly device: DfuDevice;
  readonly image: SendableImage;
  readonly phase: number;
  readonly stage: Stage;
  readonly record: SessionRecord;
  readonly clock: Clock;
  readonly signal?: AbortSignal;
  /** The MP15 ROM starts the FSBL by itself: a failing GETSTATUS after the manifestation means it left (spec §4.3). */
  readonly expectLeaveAfterManifest: boolean;
  readonly stillPresent: () => Promise<boolean>;
  /** The board's console, whose `ERROR:` lines during the transfer explain a STALL. */
  readonly console?: BoardConsole | null;
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
  const heard: string[] = [];
  const stopListening = options.console?.onLines((lines) => heard.push(...lines)) ?? (() => undefined);
  try {
    if (source.size === 0)
      throw new SessionFailure(
        'IMAGE_UNREADABLE',
        `the image of ${image.name} is empty: the board cannot take 0 bytes`,
      );
    record.progress(image, 0, source.size, { bytesPerSecond: null, etaSeconds: null }, false);
    await device.downloadPhase(options.phase, source, {
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      onProgress: (progress) => {
        bytes = progress.bytesSent;
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
      record.failed(image, bytes);
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
