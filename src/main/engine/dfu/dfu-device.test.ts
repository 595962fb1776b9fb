import { describe, expect, it } from 'vitest';
import { dfuRequest, dfuState, dfuStatus } from '../../protocol/dfu';
import { DfuDevice } from './dfu-device';
import { isDfuError } from './dfu-error';
import type { DfuError } from './dfu-error';
import type { DownloadProgress } from './dfu-download';
import { FakeClock, FakeDfuTransport } from './dfu-transport.fake';
import type { FakeDfuScript } from './dfu-transport.fake';

const image = (size: number): Uint8Array => Uint8Array.from({ length: size }, (_, i) => (i * 7 + 3) & 0xff);

async function setup(
  script: FakeDfuScript = {},
  options: { requestTimeoutMs?: number; writeTimeoutMs?: number } = {},
) {
  const clock = new FakeClock();
  const transport = new FakeDfuTransport(script, clock);
  const device = await DfuDevice.open(transport, { clock, ...options });
  return { clock, transport, device };
}

async function failure(promise: Promise<unknown>): Promise<DfuError> {
  const error: unknown = await promise.then(
    () => new Error('expected a failure'),
    (caught: unknown) => caught,
  );
  if (!isDfuError(error)) throw error;
  return error;
}

describe('DfuDevice.open', () => {
  it('claims the DFU interface and takes the block size from the functional descriptor', async () => {
    const { device, transport } = await setup({ transferSize: 4096 });
    expect(transport.claimed).toBe(0);
    expect(device.transferSize).toBe(4096);
    expect(device.functional).toMatchObject({ canDownload: true, canUpload: true, willDetach: true });
    await device.release();
    expect(transport.claimed).toBeNull();
  });
});

describe('DfuDevice.download', () => {
  it('sends the image block by block, then a zero-length block, and ends in dfuIDLE', async () => {
    const { device, transport } = await setup({ transferSize: 1024 });
    const data = image(2500);
    const progress: DownloadProgress[] = [];
    const result = await device.download(data, { onProgress: (p) => progress.push(p) });

    expect(result).toEqual({
      bytesSent: 2500,
      blocksSent: 3,
      manifested: true,
      finalState: dfuState.dfuIdle,
    });
    expect(transport.blocks.map((block) => block.length)).toEqual([1024, 1024, 452]);
    expect(Buffer.concat(transport.blocks)).toEqual(Buffer.from(data));
    expect(progress.map((p) => p.bytesSent)).toEqual([1024, 2048, 2500]);
    expect(progress.at(-1)).toMatchObject({ totalBytes: 2500, blocksSent: 3, blockCount: 3 });
    expect(transport.names()).toEqual([
      'dnload',
      'getStatus',
      'dnload',
      'getStatus',
      'dnload',
      'getStatus',
      'dnload',
      'getStatus',
      'getStatus',
    ]);
    const dnloads = transport.requests.filter((r) => r.request === dfuRequest.dnload);
    expect(dnloads.map((r) => [r.value, r.length])).toEqual([
      [0, 1024],
      [1, 1024],
      [2, 452],
      [3, 0],
    ]);
  });

  it('waits exactly bwPollTimeout while the board is busy, and never after dfuDNLOAD-IDLE', async () => {
    const { device, clock, transport } = await setup({
      transferSize: 1024,
      busyPolls: 2,
      busyPollTimeoutMs: 7,
      idlePollTimeoutMs: 1,
      manifestPollTimeoutMs: 3,
    });
    await device.download(image(2048));
    // Two blocks × two dfuDNBUSY answers × 7 ms, then one dfuMANIFEST answer × 3 ms: nothing else.
    expect(clock.sleeps).toEqual([7, 7, 7, 7, 3]);
    expect(clock.now()).toBe(31);
    expect(transport.names().filter((name) => name === 'getStatus')).toHaveLength(2 * 3 + 2);
  });

  it('gives the transfers during which U-Boot writes flash the long timeout, the others the request timeout', async () => {
    const { device, transport } = await setup({}, { requestTimeoutMs: 1234, writeTimeoutMs: 98_765 });
    await device.download(image(1024));
    expect(transport.requests.map((r) => [r.request, r.length, r.timeoutMs])).toEqual([
      [dfuRequest.dnload, 1024, 98_765],
      [dfuRequest.getStatus, 6, 98_765],
      [dfuRequest.dnload, 0, 1234],
      [dfuRequest.getStatus, 6, 98_765],
      [dfuRequest.getStatus, 6, 98_765],
    ]);
  });

  it('defaults the write deadline to 300 s', async () => {
    const { device, transport } = await setup();
    await device.download(image(100));
    expect(transport.requests[0]).toMatchObject({ request: dfuRequest.dnload, timeoutMs: 300_000 });
  });

  it('says the board is writing once a write request has waited 3 s, not before', async () => {
    const notices: { at: number; waitedMs: number; leftMs: number }[] = [];
    const slow = await setup({ slowStatus: { afterBlock: 1, ms: 45_000 } }, { writeTimeoutMs: 300_000 });
    const result = await slow.device.download(image(3 * 1024), {
      onSlowWrite: (notice) => notices.push({ at: slow.clock.now(), ...notice }),
    });
    expect(result.blocksSent).toBe(3);
    // Only the GETSTATUS after block 1 waited; the notice came 3 s into it, with the rest of the deadline.
    expect(notices).toEqual([{ at: 3000, waitedMs: 3000, leftMs: 297_000 }]);
    expect(slow.clock.now()).toBe(45_000);

    const quick: unknown[] = [];
    const short = await setup({ slowStatus: { afterBlock: 0, ms: 2999 } });
    await short.device.download(image(1024), { onSlowWrite: (notice) => quick.push(notice) });
    expect(quick).toEqual([]);
  });

  it('fails a write request with a clear timeout at the write deadline', async () => {
    const notices: number[] = [];
    const { device, clock } = await setup(
      { slowStatus: { afterBlock: 0, ms: 400_000 } },
      { writeTimeoutMs: 300_000 },
    );
    const error = await failure(
      device.download(image(2048), { onSlowWrite: (notice) => notices.push(notice.leftMs) }),
    );
    expect(notices).toEqual([297_000]);
    expect(clock.now()).toBe(300_000);
    expect(error.code).toBe('DFU_TRANSFER_ERROR');
    expect(error.detail).toMatchObject({ step: 'get-status', usbCode: 'timeout', blockNumber: 0 });
    expect(error.message).toBe(
      'GETSTATUS: no answer within the write deadline of 300 s, while the board writes to its memory',
    );
    expect(error.hint).toContain('--write-timeout');
  });

  it('stops at a block the board answers with an error status, with the decoded status', async () => {
    const { device, transport } = await setup({
      errorAfterBlock: { block: 2, status: dfuStatus.errUnknown },
    });
    const error = await failure(device.download(image(8 * 1024)));
    expect(error.code).toBe('DFU_ERROR_STATUS');
    expect(error.detail).toMatchObject({
      step: 'dnload',
      blockNumber: 2,
      bytesSent: 2048,
      state: dfuState.dfuError,
    });
    expect(error.detail.status).toMatchObject({ label: 'errUNKNOWN', name: 'errUnknown' });
    expect(error.message).toContain('errUNKNOWN');
    expect(error.hint).not.toBe('');
    expect(transport.blocks).toHaveLength(3);
    expect(transport.names().at(-1)).toBe('getStatus');
  });

  it('reports a stall mid-download as a transfer error naming the block', async () => {
    const { device, transport } = await setup({ stallAtBlock: 5 });
    const error = await failure(device.download(image(10 * 1024)));
    expect(error.code).toBe('DFU_TRANSFER_ERROR');
    expect(error.detail).toMatchObject({
      step: 'dnload',
      usbCode: 'stall',
      blockNumber: 5,
      bytesSent: 5 * 1024,
    });
    expect(transport.blocks).toHaveLength(5);
  });

  it('cancels within one block: stops sending, aborts, and says how far it got', async () => {
    const { device, transport } = await setup();
    const controller = new AbortController();
    const error = await failure(
      device.download(image(10 * 1024), {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.blocksSent === 3) controller.abort(new Error('user cancelled'));
        },
      }),
    );
    expect(error.code).toBe('DFU_CANCELLED');
    expect(error.detail).toMatchObject({ bytesSent: 3 * 1024, blockNumber: 3 });
    expect(transport.blocks).toHaveLength(3);
    expect(transport.names().at(-1)).toBe('abort');
    expect(transport.requests.some((r) => r.request === dfuRequest.dnload && r.length === 0)).toBe(false);
  });

  it('downloads to the alternate of a phase', async () => {
    const { device, transport } = await setup({
      alternates: ['@fsbl1/0x01/1*256Ke', '@rootfs/0x21/1*3Ge', '@virtual/0xf1/1*512Be'],
    });
    await device.downloadPhase(0x21, image(100));
    expect(new Set(transport.requests.map((r) => r.alternate))).toEqual(new Set([1]));
  });

  it('stops with DFU_SOURCE_ERROR when the image cannot be read, before sending the block', async () => {
    const { device, transport } = await setup();
    const source = {
      size: 4096,
      read: (offset: number) => (offset < 2048 ? new Uint8Array(1024) : Promise.reject(new Error('EIO'))),
    };
    const error = await failure(device.download(source));
    expect(error.code).toBe('DFU_SOURCE_ERROR');
    expect(error.detail).toMatchObject({ step: 'read-source', bytesSent: 2048 });
    expect(transport.blocks).toHaveLength(2);
    const short = await failure(device.download({ size: 10, read: () => new Uint8Array(0) }));
    expect(short.code).toBe('DFU_SOURCE_ERROR');
  });

  it('can leave the manifestation to the caller', async () => {
    const { device, transport } = await setup();
    const result = await device.download(image(1500), { manifest: false });
    expect(result).toMatchObject({ manifested: false, finalState: dfuState.dfuDnloadIdle, blocksSent: 2 });
    expect(transport.requests.some((r) => r.length === 0 && r.request === dfuRequest.dnload)).toBe(false);
  });

  it('asks the sender after the last acknowledged block; a throw there stops before the zero-length block', async () => {
    const { device, transport } = await setup();
    const blocksWhenAsked: number[] = [];
    const refused = new Error('not the bytes that were checked');
    const outcome = await device
      .download(image(2500), {
        beforeManifest: () => {
          blocksWhenAsked.push(transport.blocks.length);
          throw refused;
        },
      })
      .catch((error: unknown) => error);
    expect(outcome).toBe(refused);
    expect(blocksWhenAsked).toEqual([3]);
    expect(transport.requests.some((r) => r.length === 0 && r.request === dfuRequest.dnload)).toBe(false);
  });

  it('tells a board that left after the zero-length block (MP15 ROM) from a failed block', async () => {
    const { device } = await setup({ leaveAfterManifest: true });
    const error = await failure(device.download(image(1024)));
    expect(error.code).toBe('DFU_TRANSFER_ERROR');
    expect(error.detail).toMatchObject({ step: 'manifest', usbCode: 'io', bytesSent: 1024 });
  });
});

describe('DfuDevice requests', () => {
  it('sends DETACH with wValue = wTimeout and no bus reset', async () => {
    const { device, transport } = await setup();
    await device.detach();
    expect(transport.requests.at(-1)).toMatchObject({ request: dfuRequest.detach, value: 1000, length: 0 });
    const error = await failure(device.getStatus());
    expect(error.code).toBe('DFU_DEVICE_GONE');
  });

  it('recovers from dfuERROR with CLRSTATUS and from dfuDNLOAD-IDLE with ABORT', async () => {
    const fromError = await setup({ initialState: dfuState.dfuError });
    await fromError.device.recover();
    expect(fromError.transport.names()).toEqual(['getStatus', 'clrStatus', 'getStatus']);

    const fromIdle = await setup({ initialState: dfuState.dfuDnloadIdle });
    expect((await fromIdle.device.recover()).state).toBe(dfuState.dfuIdle);
    expect(fromIdle.transport.names()).toEqual(['getStatus', 'abort', 'getStatus']);
    expect(await fromIdle.device.getState()).toBe(dfuState.dfuIdle);
  });

  it('uploads an alternate in wTransferSize blocks until a short block', async () => {
    const content = image(2500);
    const { device, transport } = await setup({ transferSize: 1024, uploadAnswer: content });
    expect(await device.upload(1 << 20)).toEqual(content);
    expect(transport.requests.map((r) => [r.request, r.value, r.length])).toEqual([
      [dfuRequest.upload, 0, 1024],
      [dfuRequest.upload, 1, 1024],
      [dfuRequest.upload, 2, 1024],
    ]);
    expect(await device.upload(100)).toEqual(content.subarray(0, 100));
  });

  it('refuses to guess from a state DFU cannot leave by request', async () => {
    const { device } = await setup({ initialState: dfuState.appIdle });
    expect((await failure(device.recover())).code).toBe('DFU_UNEXPECTED_STATE');
  });
});
