import { dfuWriteDeadlineHint } from '../../../shared/errors';
import { dfuState, dfuStatus } from '../../protocol/dfu';
import type { Clock } from './clock';
import type { DfuControl, DfuStatusReport } from './dfu-control';
import { describeStatus } from './dfu-control';
import { DfuError, isDfuError } from './dfu-error';
import type { DfuErrorDetail } from './dfu-error';

/** Where the bytes of one download come from: a whole buffer, or a random-access reader (a large file). */
export interface DownloadSource {
  readonly size: number;
  read(offset: number, length: number): Uint8Array | Promise<Uint8Array>;
}

export interface DownloadProgress {
  readonly bytesSent: number;
  readonly totalBytes: number;
  /** Blocks acknowledged by the board so far. */
  readonly blocksSent: number;
  readonly blockCount: number;
}

export interface DownloadOptions {
  /** Checked between blocks: an abort stops within one block (then DFU_ABORT, then `DFU_CANCELLED`). */
  readonly signal?: AbortSignal;
  /** Called after each block the board acknowledged. */
  readonly onProgress?: (progress: DownloadProgress) => void;
  /** Send the zero-length block and wait for the manifestation (default true). */
  readonly manifest?: boolean;
  /**
   * Called once the board acknowledged the last block, before the zero-length block: the sender's last word on
   * what it sent (the session compares the image's digest here). A throw ends the download there, the error passed
   * on as is: the board is left in dfuDNLOAD-IDLE and never told to manifest.
   */
  readonly beforeManifest?: () => void | Promise<void>;
  /** Called once per write request that has waited `slowWriteNoticeMs`: the board is writing to its memory. */
  readonly onSlowWrite?: (notice: SlowWriteNotice) => void;
}

/** How long a write request waits before `onSlowWrite` says the board is writing (3 s). */
export const slowWriteNoticeMs = 3000;

export interface SlowWriteNotice {
  /** How long the request has waited so far. */
  readonly waitedMs: number;
  /** How much longer it may wait before it fails (the write deadline less `waitedMs`). */
  readonly leftMs: number;
}

export interface DownloadResult {
  readonly bytesSent: number;
  readonly blocksSent: number;
  readonly manifested: boolean;
  /** The last state GETSTATUS reported (dfuIDLE after a manifestation, dfuDNLOAD-IDLE without). */
  readonly finalState: number;
}

/** What the loop needs from the device: requests, time, block size and the long timeout of a flash write. */
export interface DownloadContext {
  readonly control: DfuControl;
  readonly clock: Clock;
  readonly transferSize: number;
  /** Timeout of the transfers during which a board may write flash (U-Boot: DNLOAD drains, GETSTATUS flushes). */
  readonly writeTimeoutMs: number;
}

/** The context of one download: the device's, and the caller's slow-write notice. */
interface LoopContext extends DownloadContext {
  readonly onSlowWrite: ((notice: SlowWriteNotice) => void) | undefined;
}

/**
 * One request during which the board may write (the write deadline as its timeout): tells `onSlowWrite` when it
 * has waited `slowWriteNoticeMs`, and turns a timeout into an error that names the deadline.
 */
async function writeRequest<T>(
  context: LoopContext,
  what: string,
  request: (timeoutMs: number) => Promise<T>,
): Promise<T> {
  const { clock, writeTimeoutMs, onSlowWrite } = context;
  const started = clock.now();
  const cancel =
    onSlowWrite === undefined
      ? null
      : clock.after(slowWriteNoticeMs, () => {
          const waitedMs = clock.now() - started;
          onSlowWrite({ waitedMs, leftMs: Math.max(0, writeTimeoutMs - waitedMs) });
        });
  try {
    return await request(writeTimeoutMs);
  } catch (error) {
    if (!isDfuError(error) || error.detail.usbCode !== 'timeout') throw error;
    throw new DfuError(
      'DFU_TRANSFER_ERROR',
      `${what}: no answer within the write deadline of ${writeTimeoutMs / 1000} s, while the board writes to its memory`,
      { ...error.detail, writeDeadlineMs: writeTimeoutMs },
      dfuWriteDeadlineHint(writeTimeoutMs),
    );
  } finally {
    cancel?.();
  }
}

export function bufferSource(bytes: Uint8Array): DownloadSource {
  return { size: bytes.length, read: (offset, length) => bytes.subarray(offset, offset + length) };
}

function withDetail(error: unknown, patch: Partial<DfuErrorDetail>): unknown {
  if (!(error instanceof DfuError)) return error;
  return new DfuError(error.code, error.message, { ...error.detail, ...patch }, error.hint);
}

const keepPolling = (report: DfuStatusReport, states: readonly number[]): boolean =>
  report.status.status === dfuStatus.ok && states.includes(report.state);

/**
 * GETSTATUS until the board leaves the given busy states, waiting exactly its bwPollTimeout between polls
 * (and not at all after the last answer): dfu-util's `dfuload_do_dnload`.
 */
async function pollWhile(context: LoopContext, busyStates: readonly number[]): Promise<DfuStatusReport> {
  const deadline = context.clock.now() + context.writeTimeoutMs;
  for (;;) {
    const report = await writeRequest(context, 'GETSTATUS', (timeoutMs) =>
      context.control.getStatus(timeoutMs),
    );
    if (!keepPolling(report, busyStates)) return report;
    if (context.clock.now() >= deadline) {
      throw new DfuError('DFU_STILL_BUSY', `the board stayed busy (${describeStatus(report)})`, {
        step: 'get-status',
        state: report.state,
        status: report.status,
      });
    }
    if (report.pollTimeoutMs > 0) await context.clock.sleep(report.pollTimeoutMs);
  }
}

function statusError(
  step: 'dnload' | 'manifest',
  report: DfuStatusReport,
  detail: Partial<DfuErrorDetail>,
): DfuError {
  const where =
    step === 'manifest' ? 'at the end of the transfer' : `after block ${detail.blockNumber ?? '?'}`;
  return new DfuError(
    'DFU_ERROR_STATUS',
    `the board reported ${report.status.label} ${where}: ${report.status.message}`,
    {
      ...detail,
      step,
      status: report.status,
      state: report.state,
    },
  );
}

async function cancel(
  context: LoopContext,
  signal: AbortSignal,
  detail: Partial<DfuErrorDetail>,
): Promise<never> {
  try {
    await context.control.abort();
  } catch {
    // Best effort: the board may already be gone; the cancellation is what the caller must hear.
  }
  throw new DfuError('DFU_CANCELLED', `the transfer was cancelled after ${detail.bytesSent ?? 0} bytes`, {
    ...detail,
    step: 'dnload',
    cause: signal.reason,
  });
}

async function readBlock(source: DownloadSource, offset: number, length: number): Promise<Uint8Array> {
  let block: Uint8Array;
  try {
    block = await source.read(offset, length);
  } catch (error) {
    throw new DfuError(
      'DFU_SOURCE_ERROR',
      `reading ${length} bytes at offset ${offset} of the image failed`,
      {
        step: 'read-source',
        cause: error,
      },
    );
  }
  if (block.length === 0 || block.length > length) {
    throw new DfuError(
      'DFU_SOURCE_ERROR',
      `the image gave ${block.length} bytes at offset ${offset}, not ${length}`,
      {
        step: 'read-source',
      },
    );
  }
  return block;
}

/** The zero-length block, then GETSTATUS through dfuMANIFEST-SYNC / dfuMANIFEST to dfuIDLE. */
async function manifest(context: LoopContext, blockNumber: number, bytesSent: number): Promise<number> {
  const detail = { blockNumber, bytesSent };
  try {
    await context.control.dnload(blockNumber, new Uint8Array(0));
    const report = await pollWhile(context, [dfuState.dfuManifestSync, dfuState.dfuManifest]);
    if (report.status.status !== dfuStatus.ok || report.state === dfuState.dfuError) {
      throw statusError('manifest', report, detail);
    }
    if (report.state !== dfuState.dfuIdle && report.state !== dfuState.dfuManifestWaitReset) {
      throw new DfuError('DFU_UNEXPECTED_STATE', `after the zero-length block: ${describeStatus(report)}`, {
        ...detail,
        step: 'manifest',
        state: report.state,
        status: report.status,
      });
    }
    return report.state;
  } catch (error) {
    throw withDetail(error, { ...detail, step: 'manifest' });
  }
}

/** Downloads one image to the selected alternate: block → GETSTATUS (→ wait while busy) → … → manifestation. */
export async function downloadImage(
  device: DownloadContext,
  source: DownloadSource,
  options: DownloadOptions = {},
): Promise<DownloadResult> {
  const { signal, onProgress } = options;
  const context: LoopContext = { ...device, onSlowWrite: options.onSlowWrite };
  const totalBytes = source.size;
  const blockCount = Math.ceil(totalBytes / context.transferSize);
  let bytesSent = 0;
  let blockNumber = 0;
  let finalState: number = dfuState.dfuIdle;
  while (bytesSent < totalBytes) {
    if (signal?.aborted) await cancel(context, signal, { bytesSent, blockNumber });
    const detail = { bytesSent, blockNumber };
    let report: DfuStatusReport;
    let blockLength: number;
    try {
      const block = await readBlock(
        source,
        bytesSent,
        Math.min(context.transferSize, totalBytes - bytesSent),
      );
      await writeRequest(context, `DNLOAD block ${blockNumber}`, (timeoutMs) =>
        context.control.dnload(blockNumber, block, timeoutMs),
      );
      report = await pollWhile(context, [dfuState.dfuDnloadSync, dfuState.dfuDnbusy]);
      blockLength = block.length;
    } catch (error) {
      throw withDetail(error, detail);
    }
    if (report.status.status !== dfuStatus.ok || report.state === dfuState.dfuError) {
      throw statusError('dnload', report, detail);
    }
    if (report.state !== dfuState.dfuDnloadIdle) {
      throw new DfuError('DFU_UNEXPECTED_STATE', `after block ${blockNumber}: ${describeStatus(report)}`, {
        ...detail,
        step: 'dnload',
        state: report.state,
      });
    }
    // Counted only once the board acknowledged the block (dfuDNLOAD-IDLE, status OK): progress is what it took.
    bytesSent += blockLength;
    finalState = report.state;
    blockNumber += 1;
    onProgress?.({ bytesSent, totalBytes, blocksSent: blockNumber, blockCount });
  }
  if (signal?.aborted) await cancel(context, signal, { bytesSent, blockNumber });
  await options.beforeManifest?.();
  if (options.manifest === false)
    return { bytesSent, blocksSent: blockNumber, manifested: false, finalState };
  finalState = await manifest(context, blockNumber, bytesSent);
  return { bytesSent, blocksSent: blockNumber, manifested: true, finalState };
}
