import { BmapStaleError, type BmapRanges } from './bmap-reader';
import type { FastbootClient } from './fastboot-client';
import type { SparseImageSource } from './sparse-plan';
import { sparsePieces } from './sparse-writer';

export interface FlashProgress {
  /** The image's size. */
  readonly imageBytes: number;
  /** Image bytes dealt with so far: sent, filled or skipped. */
  readonly doneBytes: number;
  /** Bytes that crossed the link so far (sparse headers included). */
  readonly sentBytes: number;
  /** Image bytes left unwritten so far (outside the bmap). */
  readonly skippedBytes: number;
}

export interface FlashPartitionOptions {
  readonly partition: string;
  readonly image: SparseImageSource;
  /** The image's checked bmap (`readBmapFor`), or null to write every block. */
  readonly bmap: BmapRanges | null;
  /** The board's `getvar:max-download-size`. */
  readonly maxDownloadSize: number;
  readonly onProgress?: (progress: FlashProgress) => void;
  /**
   * Checked before each download and between the data's slices (at most 1 MiB apart): an abort rejects with the
   * signal's reason. One stopped mid-download leaves the board waiting for the rest: it needs a reset.
   */
  readonly signal?: AbortSignal;
}

export interface FlashResult {
  /** `raw`: the image in one download; `sparse`: Android sparse pieces. */
  readonly mode: 'raw' | 'sparse';
  /** Downloads made (each followed by `flash:`). */
  readonly downloads: number;
  readonly sentBytes: number;
  readonly rawBytes: number;
  readonly fillBytes: number;
  readonly skippedBytes: number;
}

const sliceBytes = 1 << 20;

async function* abortable(data: AsyncIterable<Uint8Array>, signal?: AbortSignal): AsyncIterable<Uint8Array> {
  for await (const bytes of data) {
    signal?.throwIfAborted();
    yield bytes;
  }
}

async function* wholeImage(image: SparseImageSource): AsyncIterable<Uint8Array> {
  for (let at = 0; at < image.size; at += sliceBytes) {
    const want = Math.min(sliceBytes, image.size - at);
    const bytes = await image.read(at, want);
    if (bytes.length < want) throw new Error(`the image gave ${bytes.length} of ${want} bytes at ${at}`);
    yield bytes;
  }
}

/**
 * Writes one image to one partition over fastboot: as it is (`download` then `flash`) when it fits one download and
 * no bmap says which blocks matter, else as Android sparse pieces of at most max-download-size (each piece's
 * `download` then `flash`: U-Boot writes only its RAW and FILL blocks, so pieces add up).
 */
export async function flashPartition(
  client: FastbootClient,
  options: FlashPartitionOptions,
): Promise<FlashResult> {
  const { image, bmap, partition, signal } = options;
  signal?.throwIfAborted();
  if (bmap !== null && bmap.imageSize !== image.size)
    throw new BmapStaleError(
      bmap.bmapFile,
      `it is for an image of ${bmap.imageSize} bytes; this one has ${image.size}`,
    );
  const report = (doneBytes: number, sentBytes: number, skippedBytes: number): void =>
    options.onProgress?.({ imageBytes: image.size, doneBytes, sentBytes, skippedBytes });
  if (bmap === null && image.size > 0 && image.size <= options.maxDownloadSize) {
    await client.download(image.size, abortable(wholeImage(image), signal), (sent) => report(sent, sent, 0));
    await client.flash(partition);
    return {
      mode: 'raw',
      downloads: 1,
      sentBytes: image.size,
      rawBytes: image.size,
      fillBytes: 0,
      skippedBytes: 0,
    };
  }
  let downloads = 0;
  let sentBytes = 0;
  let rawBytes = 0;
  let fillBytes = 0;
  let skippedBytes = 0;
  const pieces = sparsePieces(image, {
    maxDownloadSize: options.maxDownloadSize,
    ...(bmap === null ? {} : { mapped: bmap.mapped }),
  });
  for await (const piece of pieces) {
    if (piece.rawBytes + piece.fillBytes === 0) {
      // Nothing to write (all outside the bmap): no download, U-Boot would only move past it.
      skippedBytes += piece.skippedBytes;
      report(piece.span.end, sentBytes, skippedBytes);
      continue;
    }
    signal?.throwIfAborted();
    const before = sentBytes;
    const covered = piece.span.end - piece.span.start;
    await client.download(piece.size, abortable(piece.chunks(), signal), (sent) =>
      report(piece.span.start + Math.floor((covered * sent) / piece.size), before + sent, skippedBytes),
    );
    await client.flash(partition);
    downloads += 1;
    sentBytes += piece.size;
    rawBytes += piece.rawBytes;
    fillBytes += piece.fillBytes;
    skippedBytes += piece.skippedBytes;
    report(piece.span.end, sentBytes, skippedBytes);
  }
  return { mode: 'sparse', downloads, sentBytes, rawBytes, fillBytes, skippedBytes };
}
