import { describe, expect, it } from 'vitest';
import { dfuRequest } from '../../protocol/dfu';
import { DfuDevice } from '../dfu/dfu-device';
import { FakeClock, FakeDfuTransport } from '../dfu/dfu-transport.fake';
import type { ImageSource } from '../session/file-image-source';
import { isSessionFailure } from '../session/session-failure';
import type { SendableImage } from '../session/session-record';
import type { VerifyOptions } from './read-back-verify';
import { firstDifference, readBackRefusal, verifyPartition } from './read-back-verify';

const alternates = ['@fsbl1/0x04/1*256Ke', '@rootfs/0x22/1*64Me', '@virtual/0xf1/1*512Be'];
const transferSize = 4096;

const bytes = (length: number, seed = 7): Uint8Array =>
  Uint8Array.from({ length }, (_, i) => (i * 31 + seed) & 0xff);

interface Reads {
  readonly ranges: [number, number][];
  closed: boolean;
}

/** An image served in pieces, recording what was read (nothing holds it whole). */
function imageOf(data: Uint8Array, reads: Reads): SendableImage {
  const source: ImageSource = {
    size: data.length,
    read: (offset, length) => {
      reads.ranges.push([offset, length]);
      return Promise.resolve(data.subarray(offset, offset + length));
    },
    close: () => {
      reads.closed = true;
      return Promise.resolve();
    },
  };
  return { id: 0x22, name: 'rootfs', planned: null, open: () => Promise.resolve(source) };
}

async function run(image: Uint8Array, partition: Uint8Array) {
  const clock = new FakeClock();
  const transport = new FakeDfuTransport(
    { alternates, transferSize, uploadByAlternate: new Map([[1, partition]]) },
    clock,
  );
  const device = await DfuDevice.open(transport, { clock });
  const reads: Reads = { ranges: [], closed: false };
  const progress: { bytes: number; total: number; done: boolean }[] = [];
  const options: VerifyOptions = {
    device,
    phase: 0x22,
    image: imageOf(image, reads),
    clock,
    record: {
      verifyProgress: (_image, done, total, _reading, finished) =>
        progress.push({ bytes: done, total, done: finished }),
      log: () => undefined,
    },
  };
  const outcome = await verifyPartition(options).then(
    () => null,
    (error: unknown) => error,
  );
  const uploads = transport.requests.filter((request) => request.request === dfuRequest.upload);
  const aborts = transport.requests.filter((request) => request.request === dfuRequest.abort);
  return { outcome, uploads, aborts, reads, progress };
}

describe('read-back verify over DFU UPLOAD', () => {
  it('reads the partition alt once from block 0, in order, and ABORTs after the last byte of the image', async () => {
    const image = bytes(3 * transferSize + 100);
    const partition = Uint8Array.of(...image, ...bytes(5 * transferSize, 99));
    const { outcome, uploads, aborts, reads, progress } = await run(image, partition);
    expect(outcome).toBeNull();
    expect(uploads.map((request) => [request.alternate, request.value, request.length])).toEqual([
      [1, 0, 4096],
      [1, 1, 4096],
      [1, 2, 4096],
      [1, 3, 100],
    ]);
    expect(aborts.length).toBeGreaterThan(0);
    expect(aborts.at(-1)?.at).toBeGreaterThanOrEqual(uploads.at(-1)?.at ?? 0);
    // The image is read block by block beside the upload, never whole.
    expect(Math.max(...reads.ranges.map(([, length]) => length))).toBeLessThanOrEqual(transferSize);
    expect(reads.closed).toBe(true);
    expect(progress.at(0)).toEqual({ bytes: 0, total: image.length, done: false });
    expect(progress.at(-1)).toEqual({ bytes: image.length, total: image.length, done: true });
  });

  it('a differing byte ends with VERIFY_MISMATCH naming the partition and the first differing offset', async () => {
    const image = bytes(3 * transferSize);
    const partition = Uint8Array.from(image, (byte, i) =>
      i === 2 * transferSize + 17 || i === 2 * transferSize + 40 ? byte ^ 0x01 : byte,
    );
    const { outcome, uploads } = await run(image, partition);
    expect(isSessionFailure(outcome)).toBe(true);
    if (!isSessionFailure(outcome)) return;
    expect(outcome.code).toBe('VERIFY_MISMATCH');
    expect(outcome.message).toContain('partition 0x22 rootfs');
    expect(outcome.message).toContain(`offset 0x${(2 * transferSize + 17).toString(16)}`);
    expect(outcome.evidence.partitionId).toBe(0x22);
    expect(uploads).toHaveLength(3);
  });

  it('a board that gives fewer bytes than the image is a mismatch where its bytes end', async () => {
    const image = bytes(2 * transferSize);
    const { outcome } = await run(image, image.subarray(0, transferSize + 10));
    expect(isSessionFailure(outcome) && outcome.code).toBe('VERIFY_MISMATCH');
    expect(String((outcome as Error).message)).toContain(`only ${transferSize + 10} bytes`);
  });

  it('reads back every memory U-Boot writes, an alternate only once', () => {
    for (const kind of ['mmc', 'nor', 'nand', 'spi-nand', 'ram'] as const)
      expect(readBackRefusal(kind, false)).toBeNull();
    expect(readBackRefusal('none', false)).toMatch(/no read-back for the memory none/);
    expect(readBackRefusal('mmc', true)).toMatch(/cannot read an alternate twice/);
  });

  it('firstDifference', () => {
    expect(firstDifference(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 3))).toBeNull();
    expect(firstDifference(Uint8Array.of(1, 9, 3), Uint8Array.of(1, 2, 3))).toBe(1);
    expect(firstDifference(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 3))).toBe(2);
  });
});
