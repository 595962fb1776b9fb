import { describe, expect, it } from 'vitest';
import type { BmapRanges } from './bmap-reader';
import { FastbootClient } from './fastboot-client';
import { FastbootFailure } from './fastboot-reply';
import { flashPartition, type FlashProgress } from './flash-partition';
import { FakeFastbootDevice, type FakeFastbootOptions } from './test-support/fake-fastboot-device';
import { sameBytes } from './test-support/same-bytes';

const block = 4096;
const source = (image: Uint8Array) => ({
  size: image.length,
  read: (at: number, length: number) => image.subarray(at, at + length),
});

function dataImage(bytes: number): Uint8Array {
  const image = new Uint8Array(bytes);
  for (let at = 0; at < bytes; at += 1) image[at] = (at * 29 + (at >> 12)) & 0xff;
  return image;
}

async function connect(options: FakeFastbootOptions) {
  const device = new FakeFastbootDevice(options);
  const client = await FastbootClient.open(device, { onMessage: () => undefined });
  return { device, client };
}

describe('flashPartition', () => {
  it('sends an image that fits one download as it is: download, then flash', async () => {
    const target = new Uint8Array(64 * block);
    const { device, client } = await connect({ partitions: { ssbl: target } });
    const image = dataImage(10 * block + 3);
    const result = await flashPartition(client, {
      partition: 'ssbl',
      image: source(image),
      bmap: null,
      maxDownloadSize: 1 << 20,
    });
    expect(result).toMatchObject({ mode: 'raw', downloads: 1, sentBytes: image.length, skippedBytes: 0 });
    expect(device.commands).toEqual([`download:${image.length.toString(16).padStart(8, '0')}`, 'flash:ssbl']);
    expect(sameBytes(target.subarray(0, image.length), image)).toBe(true);
  });

  it('sends a larger image as sparse pieces no larger than max-download-size, which add up to the image', async () => {
    const target = new Uint8Array(64 * block).fill(0xa5);
    const { device, client } = await connect({ partitions: { rootfs: target }, maxDownloadSize: 16 * block });
    const image = dataImage(50 * block);
    image.fill(0, 20 * block, 30 * block);
    const progress: FlashProgress[] = [];
    const result = await flashPartition(client, {
      partition: 'rootfs',
      image: source(image),
      bmap: null,
      maxDownloadSize: 16 * block,
      onProgress: (step) => progress.push(step),
    });
    expect(result.mode).toBe('sparse');
    expect(result.downloads).toBeGreaterThanOrEqual(3);
    expect(device.downloads.every((download) => download.length <= 16 * block)).toBe(true);
    expect(device.commands.filter((command) => command === 'flash:rootfs')).toHaveLength(result.downloads);
    expect(sameBytes(target.subarray(0, image.length), image)).toBe(true);
    expect(result.fillBytes).toBe(10 * block);
    expect(progress.at(-1)).toMatchObject({
      imageBytes: image.length,
      doneBytes: image.length,
      sentBytes: result.sentBytes,
    });
    const done = progress.map((step) => step.doneBytes);
    expect(done).toEqual([...done].sort((a, b) => a - b));
  });

  it('with a bmap, writes only the mapped blocks and reports the rest as skipped', async () => {
    const target = new Uint8Array(64 * block).fill(0xa5);
    const { client } = await connect({ partitions: { rootfs: target } });
    const image = dataImage(40 * block);
    const bmap: BmapRanges = {
      bmapFile: '/images/rootfs.ext4.bmap',
      imageSize: image.length,
      blockSize: block,
      mapped: [{ start: 4 * block, end: 8 * block }],
      mappedBytes: 4 * block,
    };
    const result = await flashPartition(client, {
      partition: 'rootfs',
      image: source(image),
      bmap,
      maxDownloadSize: 1 << 20,
    });
    expect(result).toMatchObject({
      mode: 'sparse',
      downloads: 1,
      rawBytes: 4 * block,
      skippedBytes: 36 * block,
    });
    expect(sameBytes(target.subarray(4 * block, 8 * block), image.subarray(4 * block, 8 * block))).toBe(true);
    expect(target.subarray(0, 4 * block).every((byte) => byte === 0xa5)).toBe(true);
    expect(target.subarray(8 * block).every((byte) => byte === 0xa5)).toBe(true);
  });

  it('sends no piece that would only skip: a bmap’s unmapped tail costs no download', async () => {
    const target = new Uint8Array(64 * block).fill(0xa5);
    const { device, client } = await connect({ partitions: { rootfs: target } });
    const image = dataImage(40 * block);
    const bmap: BmapRanges = {
      bmapFile: '/images/rootfs.ext4.bmap',
      imageSize: image.length,
      blockSize: block,
      mapped: [{ start: 0, end: 4 * block }],
      mappedBytes: 4 * block,
    };
    // Room for the header, two DONT_CARE chunks and the 4-block RAW chunk, not for the tail's DONT_CARE.
    const maxDownloadSize = 28 + 24 + 12 + 4 * block + 6;
    const result = await flashPartition(client, {
      partition: 'rootfs',
      image: source(image),
      bmap,
      maxDownloadSize,
    });
    expect(result).toMatchObject({ downloads: 1, rawBytes: 4 * block, skippedBytes: 36 * block });
    expect(device.commands.filter((command) => command.startsWith('flash:'))).toHaveLength(1);
    expect(sameBytes(target.subarray(0, 4 * block), image.subarray(0, 4 * block))).toBe(true);
  });

  it('stops at an abort between pieces, with the signal’s reason', async () => {
    const target = new Uint8Array(64 * block);
    const { device, client } = await connect({ partitions: { rootfs: target }, maxDownloadSize: 16 * block });
    const controller = new AbortController();
    const error = await flashPartition(client, {
      partition: 'rootfs',
      image: source(dataImage(50 * block)),
      bmap: null,
      maxDownloadSize: 16 * block,
      signal: controller.signal,
      onProgress: (step) => {
        if (step.doneBytes > 0) controller.abort(new Error('stopped by the person'));
      },
    }).catch((caught: unknown) => caught);
    expect(String(error)).toContain('stopped by the person');
    // The first piece was whole on the board when the abort came: it is written, and no other piece follows.
    expect(device.commands.filter((command) => command.startsWith('flash:'))).toHaveLength(1);
    expect(device.downloads).toHaveLength(1);
  });

  it('refuses a bmap for another size of image, naming it', async () => {
    const { client } = await connect({ partitions: { a: new Uint8Array(block) } });
    const bmap: BmapRanges = {
      bmapFile: '/x.img.bmap',
      imageSize: 5,
      blockSize: block,
      mapped: [],
      mappedBytes: 0,
    };
    await expect(
      flashPartition(client, {
        partition: 'a',
        image: source(new Uint8Array(4)),
        bmap,
        maxDownloadSize: 1 << 20,
      }),
    ).rejects.toMatchObject({ code: 'FAST_BMAP_STALE', bmapFile: '/x.img.bmap' });
  });

  it('rejects with the board’s FAIL on flash', async () => {
    const { client } = await connect({
      partitions: {},
      fail: { 'flash:userfs': 'invalid partition or device' },
    });
    const error = await flashPartition(client, {
      partition: 'userfs',
      image: source(dataImage(block)),
      bmap: null,
      maxDownloadSize: 1 << 20,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FastbootFailure);
    expect(error).toMatchObject({ command: 'flash:userfs', boardText: 'invalid partition or device' });
  });
});
