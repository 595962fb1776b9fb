import { describe, expect, it } from 'vitest';
import { dfuState, dfuStatus } from '../../protocol/dfu';
import { UsbError } from '../../usb/usb-error';
import type { DfuControl, DfuStatusReport } from './dfu-control';
import { dfuTransferError } from './dfu-control';
import type { DownloadOptions, DownloadSource } from './dfu-download';
import { bufferSource, downloadImage } from './dfu-download';
import { isDfuError } from './dfu-error';
import type { DfuError } from './dfu-error';
import { decodeDfuStatus } from './dfu-status-text';
import { FakeClock } from './dfu-transport.fake';

/** One GETSTATUS answer of the scripted board: what it says, and how long the request takes on the clock. */
interface Answer {
  readonly status?: number;
  readonly state: number;
  readonly pollMs?: number;
  readonly takesMs?: number;
}

/**
 * The download loop's view of a board, answer by answer: GETSTATUS answers come from `answers` in order (then
 * dfuDNLOAD-IDLE after a block, dfuIDLE after the zero-length block), a DNLOAD may fail. It records what it got.
 */
class ScriptedBoard {
  readonly dnloads: { block: number; length: number; timeoutMs: number | undefined; at: number }[] = [];
  readonly polls: { at: number; timeoutMs: number | undefined }[] = [];
  aborts = 0;
  #lastLength = 0;

  constructor(
    readonly clock: FakeClock,
    readonly answers: (Answer | Error)[] = [],
    readonly dnloadFails: (block: number) => unknown = () => undefined,
    readonly abortFails = false,
  ) {}

  get control(): DfuControl {
    return {
      dnload: async (block: number, data: Uint8Array, timeoutMs?: number) => {
        this.dnloads.push({ block, length: data.length, timeoutMs, at: this.clock.now() });
        this.#lastLength = data.length;
        const failure = this.dnloadFails(block);
        if (failure !== undefined) throw failure;
      },
      getStatus: async (timeoutMs?: number): Promise<DfuStatusReport> => {
        this.polls.push({ at: this.clock.now(), timeoutMs });
        const next = this.answers.shift() ?? {
          state: this.#lastLength === 0 ? dfuState.dfuIdle : dfuState.dfuDnloadIdle,
        };
        if (next instanceof Error) throw next;
        if (next.takesMs !== undefined) this.clock.advance(next.takesMs);
        return {
          status: decodeDfuStatus(next.status ?? dfuStatus.ok),
          pollTimeoutMs: next.pollMs ?? 0,
          state: next.state,
          stringIndex: 0,
        };
      },
      abort: async () => {
        this.aborts += 1;
        if (this.abortFails) throw new UsbError('no-device', 'LIBUSB_ERROR_NO_DEVICE');
      },
    } as unknown as DfuControl;
  }
}

const bytes = (size: number): Uint8Array => Uint8Array.from({ length: size }, (_, i) => (i * 13 + 1) & 0xff);

function download(
  board: ScriptedBoard,
  source: DownloadSource,
  options: DownloadOptions = {},
  writeTimeoutMs = 300_000,
) {
  return downloadImage(
    { control: board.control, clock: board.clock, transferSize: 1024, writeTimeoutMs },
    source,
    options,
  );
}

async function failure(promise: Promise<unknown>): Promise<DfuError> {
  const error: unknown = await promise.then(
    () => new Error('expected a failure'),
    (caught: unknown) => caught,
  );
  if (!isDfuError(error)) throw error;
  return error;
}

const timedOut = (step: 'dnload' | 'get-status') =>
  dfuTransferError(step, step === 'dnload' ? 'DNLOAD' : 'GETSTATUS', new UsbError('timeout', 'TIMED_OUT'));

describe('downloadImage, block by block', () => {
  it('asks the image only for the bytes it has: full blocks, then the rest', async () => {
    const board = new ScriptedBoard(new FakeClock());
    const data = bytes(2500);
    const reads: [number, number][] = [];
    const source = {
      size: data.length,
      read: (offset: number, length: number) => {
        reads.push([offset, length]);
        return data.subarray(offset, offset + length);
      },
    };
    const result = await download(board, source);
    expect(reads).toEqual([
      [0, 1024],
      [1024, 1024],
      [2048, 452],
    ]);
    expect(board.dnloads.map((d) => [d.block, d.length])).toEqual([
      [0, 1024],
      [1, 1024],
      [2, 452],
      [3, 0],
    ]);
    expect(result).toEqual({
      bytesSent: 2500,
      blocksSent: 3,
      manifested: true,
      finalState: dfuState.dfuIdle,
    });
  });

  it('keeps polling a busy board without sleeping when it asks for no wait', async () => {
    const board = new ScriptedBoard(new FakeClock(), [
      { state: dfuState.dfuDnbusy, pollMs: 0 },
      { state: dfuState.dfuDnbusy, pollMs: 0 },
    ]);
    await download(board, bufferSource(bytes(100)));
    expect(board.clock.sleeps).toEqual([]);
    expect(board.polls).toHaveLength(3 + 1);
  });

  it('stops at once when a busy board reports an error status, without waiting for it to leave dfuDNBUSY', async () => {
    const board = new ScriptedBoard(new FakeClock(), [
      { status: dfuStatus.errWrite, state: dfuState.dfuDnbusy, pollMs: 50 },
      { state: dfuState.dfuDnloadIdle },
    ]);
    const error = await failure(download(board, bufferSource(bytes(2048))));
    expect(error.code).toBe('DFU_ERROR_STATUS');
    expect(error.message).toBe(
      'the board reported errWRITE after block 0: The device is unable to write memory.',
    );
    expect(error.detail).toMatchObject({ step: 'dnload', blockNumber: 0, bytesSent: 0 });
    expect(board.polls).toHaveLength(1);
    expect(board.dnloads).toHaveLength(1);
  });

  it('an error status in dfuDNLOAD-IDLE stops the download, naming the block', async () => {
    const board = new ScriptedBoard(new FakeClock(), [
      { state: dfuState.dfuDnloadIdle },
      { status: dfuStatus.errProg, state: dfuState.dfuDnloadIdle },
    ]);
    const progress: number[] = [];
    const error = await failure(
      download(board, bufferSource(bytes(3000)), { onProgress: (p) => progress.push(p.bytesSent) }),
    );
    expect(error.code).toBe('DFU_ERROR_STATUS');
    expect(error.message).toBe(
      'the board reported errPROG after block 1: The program memory function failed.',
    );
    expect(error.detail).toMatchObject({ step: 'dnload', blockNumber: 1, bytesSent: 1024 });
    expect(progress).toEqual([1024]);
  });

  it('dfuERROR with status OK is still an error: the block was not taken', async () => {
    const board = new ScriptedBoard(new FakeClock(), [{ state: dfuState.dfuError }]);
    const progress: number[] = [];
    const error = await failure(
      download(board, bufferSource(bytes(1024)), { onProgress: (p) => progress.push(p.bytesSent) }),
    );
    expect(error.code).toBe('DFU_ERROR_STATUS');
    expect(error.message).toBe('the board reported OK after block 0: No error condition is present.');
    expect(error.detail).toMatchObject({ step: 'dnload', state: dfuState.dfuError });
    expect(progress).toEqual([]);
  });

  it('a block answered in a state other than dfuDNLOAD-IDLE is DFU_UNEXPECTED_STATE, not progress', async () => {
    const board = new ScriptedBoard(new FakeClock(), [
      { state: dfuState.dfuDnloadIdle },
      { state: dfuState.dfuIdle },
    ]);
    const progress: number[] = [];
    const error = await failure(
      download(board, bufferSource(bytes(3000)), { onProgress: (p) => progress.push(p.bytesSent) }),
    );
    expect(error.code).toBe('DFU_UNEXPECTED_STATE');
    expect(error.message).toBe('after block 1: state dfuIDLE, status OK');
    expect(error.detail).toEqual({
      step: 'dnload',
      state: dfuState.dfuIdle,
      bytesSent: 1024,
      blockNumber: 1,
    });
    expect(progress).toEqual([1024]);
  });

  it('gives up with DFU_STILL_BUSY when the board stays busy until the write deadline, not a poll later', async () => {
    const busy = { state: dfuState.dfuDnbusy, pollMs: 500 };
    const board = new ScriptedBoard(new FakeClock(), [busy, busy, busy, busy, busy]);
    const error = await failure(download(board, bufferSource(bytes(100)), {}, 1000));
    expect(error.code).toBe('DFU_STILL_BUSY');
    expect(error.message).toBe('the board stayed busy (state dfuDNBUSY, status OK)');
    expect(error.detail).toMatchObject({ step: 'get-status', state: dfuState.dfuDnbusy, blockNumber: 0 });
    expect(board.polls.map((poll) => poll.at)).toEqual([0, 500, 1000]);
    expect(board.clock.now()).toBe(1000);
  });
});

describe('downloadImage, the image source', () => {
  it('names the offset and length of a read that failed', async () => {
    const board = new ScriptedBoard(new FakeClock());
    const cause = new Error('EIO');
    const source = {
      size: 3000,
      read: (offset: number) => (offset === 0 ? new Uint8Array(1024) : Promise.reject(cause)),
    };
    const error = await failure(download(board, source));
    expect(error.code).toBe('DFU_SOURCE_ERROR');
    expect(error.message).toBe('reading 1024 bytes at offset 1024 of the image failed');
    expect(error.detail).toMatchObject({ step: 'read-source', cause, bytesSent: 1024, blockNumber: 1 });
    expect(board.dnloads).toHaveLength(1);
  });

  it('refuses an image that gives nothing, or more than was asked', async () => {
    const board = new ScriptedBoard(new FakeClock());
    const empty = await failure(download(board, { size: 10, read: () => new Uint8Array(0) }));
    expect(empty.message).toBe('the image gave 0 bytes at offset 0, not 10');
    expect(empty.detail.step).toBe('read-source');
    const tooMuch = await failure(download(board, { size: 4096, read: () => new Uint8Array(2000) }));
    expect(tooMuch.code).toBe('DFU_SOURCE_ERROR');
    expect(tooMuch.message).toBe('the image gave 2000 bytes at offset 0, not 1024');
    expect(board.dnloads).toEqual([]);
  });
});

describe('downloadImage, the write deadline', () => {
  it('tells a slow write after 3 s of that request, counted from when it started', async () => {
    const board = new ScriptedBoard(new FakeClock(), [
      { state: dfuState.dfuDnbusy, pollMs: 5000 },
      { state: dfuState.dfuDnloadIdle, takesMs: 10_000 },
    ]);
    const notices: unknown[] = [];
    await download(board, bufferSource(bytes(100)), { onSlowWrite: (notice) => notices.push(notice) });
    expect(notices).toEqual([{ waitedMs: 3000, leftMs: 297_000 }]);
  });

  it('a slow write without a listener just waits', async () => {
    const board = new ScriptedBoard(new FakeClock(), [{ state: dfuState.dfuDnloadIdle, takesMs: 10_000 }]);
    const result = await download(board, bufferSource(bytes(100)));
    expect(result.bytesSent).toBe(100);
    expect(board.clock.now()).toBe(10_000);
  });

  it('a DNLOAD that times out names the block and the deadline, and suggests twice the deadline', async () => {
    const board = new ScriptedBoard(new FakeClock(), [], (block) =>
      block === 1 ? timedOut('dnload') : undefined,
    );
    const error = await failure(download(board, bufferSource(bytes(2048)), {}, 400_000));
    expect(error.code).toBe('DFU_TRANSFER_ERROR');
    expect(error.message).toBe(
      'DNLOAD block 1: no answer within the write deadline of 400 s, while the board writes to its memory',
    );
    expect(error.detail).toMatchObject({ writeDeadlineMs: 400_000, blockNumber: 1, bytesSent: 1024 });
    expect(error.hint).toContain('--write-timeout, e.g. 800000');
    expect(board.dnloads.map((d) => d.timeoutMs)).toEqual([400_000, 400_000]);
  });

  it('suggests at least 600 s for a short deadline', async () => {
    const board = new ScriptedBoard(new FakeClock(), [timedOut('get-status')]);
    const error = await failure(download(board, bufferSource(bytes(100)), {}, 60_000));
    expect(error.message).toBe(
      'GETSTATUS: no answer within the write deadline of 60 s, while the board writes to its memory',
    );
    expect(error.hint).toContain('--write-timeout, e.g. 600000');
  });

  it('any other transfer failure keeps its own words, without the write deadline', async () => {
    const stall = dfuTransferError(
      'dnload',
      'DNLOAD block 0',
      new UsbError('stall', 'LIBUSB_TRANSFER_STALL'),
    );
    const board = new ScriptedBoard(new FakeClock(), [], () => stall);
    const error = await failure(download(board, bufferSource(bytes(100))));
    expect(error.message).toBe(stall.message);
    expect(error.detail.writeDeadlineMs).toBeUndefined();
    expect(error.detail).toMatchObject({ usbCode: 'stall', blockNumber: 0, bytesSent: 0 });
  });

  it('a failure that is not a DFU error reaches the caller as it is', async () => {
    const bug = new TypeError('not a DFU failure');
    const board = new ScriptedBoard(new FakeClock(), [], () => bug);
    await expect(download(board, bufferSource(bytes(100)))).rejects.toBe(bug);
    const atManifest = new ScriptedBoard(new FakeClock(), [{ state: dfuState.dfuDnloadIdle }, bug]);
    await expect(download(atManifest, bufferSource(bytes(100)))).rejects.toBe(bug);
  });
});

describe('downloadImage, the manifestation', () => {
  it('accepts dfuMANIFEST-WAIT-RESET as the end of a manifestation (a board that resets itself)', async () => {
    const board = new ScriptedBoard(new FakeClock(), [
      { state: dfuState.dfuDnloadIdle },
      { state: dfuState.dfuManifest, pollMs: 10 },
      { state: dfuState.dfuManifestWaitReset },
    ]);
    const result = await download(board, bufferSource(bytes(100)));
    expect(result).toMatchObject({ manifested: true, finalState: dfuState.dfuManifestWaitReset });
  });

  it('an error status at the end of the transfer says so', async () => {
    const board = new ScriptedBoard(new FakeClock(), [
      { state: dfuState.dfuDnloadIdle },
      { status: dfuStatus.errVerify, state: dfuState.dfuManifest },
    ]);
    const error = await failure(download(board, bufferSource(bytes(100))));
    expect(error.code).toBe('DFU_ERROR_STATUS');
    expect(error.message).toBe(
      'the board reported errVERIFY at the end of the transfer: The programmed memory failed verification.',
    );
    expect(error.detail).toMatchObject({ step: 'manifest', blockNumber: 1, bytesSent: 100 });
  });

  it('dfuERROR after the zero-length block is a refusal even with status OK', async () => {
    const board = new ScriptedBoard(new FakeClock(), [
      { state: dfuState.dfuDnloadIdle },
      { state: dfuState.dfuError },
    ]);
    const error = await failure(download(board, bufferSource(bytes(100))));
    expect(error.code).toBe('DFU_ERROR_STATUS');
    expect(error.message).toBe(
      'the board reported OK at the end of the transfer: No error condition is present.',
    );
  });

  it('any other state after the zero-length block is DFU_UNEXPECTED_STATE', async () => {
    const board = new ScriptedBoard(new FakeClock(), [
      { state: dfuState.dfuDnloadIdle },
      { state: dfuState.dfuDnloadIdle },
    ]);
    const error = await failure(download(board, bufferSource(bytes(100))));
    expect(error.code).toBe('DFU_UNEXPECTED_STATE');
    expect(error.message).toBe('after the zero-length block: state dfuDNLOAD-IDLE, status OK');
    expect(error.detail).toMatchObject({
      step: 'manifest',
      state: dfuState.dfuDnloadIdle,
      blockNumber: 1,
      bytesSent: 100,
    });
    expect(error.detail.status).toMatchObject({ label: 'OK' });
  });
});

describe('downloadImage, cancelled', () => {
  it('says how many bytes the board took, and aborts even if the abort itself fails', async () => {
    const board = new ScriptedBoard(new FakeClock(), [], () => undefined, true);
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    const error = await failure(
      download(board, bufferSource(bytes(5000)), {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.blocksSent === 2) controller.abort(reason);
        },
      }),
    );
    expect(error.code).toBe('DFU_CANCELLED');
    expect(error.message).toBe('the transfer was cancelled after 2048 bytes');
    expect(error.detail).toMatchObject({ step: 'dnload', bytesSent: 2048, blockNumber: 2, cause: reason });
    expect(board.aborts).toBe(1);
  });

  it('a cancel after the last block stops before the zero-length block', async () => {
    const board = new ScriptedBoard(new FakeClock());
    const controller = new AbortController();
    const error = await failure(
      download(board, bufferSource(bytes(1500)), {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.bytesSent === p.totalBytes) controller.abort();
        },
      }),
    );
    expect(error.message).toBe('the transfer was cancelled after 1500 bytes');
    expect(error.detail).toMatchObject({ bytesSent: 1500, blockNumber: 2 });
    expect(board.dnloads.map((d) => d.length)).toEqual([1024, 476]);
  });
});
