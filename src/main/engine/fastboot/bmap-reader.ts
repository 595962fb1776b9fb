import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { fileRangeDigest } from '../files/file-range-digest';
import type { ByteRange } from './byte-range';

/**
 * A block map beside an image (`<image>.bmap`, bmap-tools' format: 1.x as older bmaptool wrote it, 2.0 as it and
 * `src/main/engine/image/bmap-file.ts` write it), believed only when it still describes the image: the image's
 * size must be its `ImageSize`, every `<Range>`'s checksum must match the image's bytes there (sha256, or sha1 in
 * format 1.x), and its own `BmapFileChecksum`, when it has one, must match it. Else `BmapStaleError`.
 */
export interface BmapRanges {
  readonly bmapFile: string;
  readonly imageSize: number;
  readonly blockSize: number;
  /** The mapped bytes, ascending, the last one cut at the image's end. */
  readonly mapped: readonly ByteRange[];
  readonly mappedBytes: number;
}

/** The bmap does not describe the image (changed since, or not its bmap): code `FAST_BMAP_STALE`. */
export class BmapStaleError extends Error {
  override readonly name = 'BmapStaleError';
  readonly code = 'FAST_BMAP_STALE' as const;
  readonly bmapFile: string;

  constructor(bmapFile: string, reason: string) {
    super(`${bmapFile} does not describe its image: ${reason}`);
    this.bmapFile = bmapFile;
  }
}

interface ParsedRange {
  readonly first: number;
  readonly last: number;
  readonly checksum: string | null;
}

function field(text: string, tag: string): string | null {
  return new RegExp(`<${tag}>\\s*([^<]*?)\\s*</${tag}>`).exec(text)?.[1] ?? null;
}

function parseRanges(text: string): ParsedRange[] {
  const ranges: ParsedRange[] = [];
  for (const match of text.matchAll(/<Range([^>]*)>\s*(\d+)(?:\s*-\s*(\d+))?\s*<\/Range>/g)) {
    const attributes = match[1] ?? '';
    const checksum = /(?:chksum|sha1|sha256)="([0-9a-fA-F]+)"/.exec(attributes)?.[1] ?? null;
    const first = Number(match[2]);
    ranges.push({
      first,
      last: match[3] === undefined ? first : Number(match[3]),
      checksum: checksum?.toLowerCase() ?? null,
    });
  }
  return ranges;
}

/** The bmap's own checksum: of its text with the checksum written as zeros (bmap-tools' BmapFileChecksum / BmapFileSHA1). */
function ownChecksumProblem(text: string, algorithm: string): string | null {
  const tag = algorithm === 'sha1' ? 'BmapFileSHA1' : 'BmapFileChecksum';
  const recorded = field(text, tag);
  if (recorded === null) return null;
  const zeroed = text.replace(recorded, '0'.repeat(recorded.length));
  const actual = createHash(algorithm).update(zeroed).digest('hex');
  return actual === recorded.toLowerCase()
    ? null
    : `its own ${tag} does not match its text (edited or cut short)`;
}

/** Reads and checks `<imagePath>.bmap`; null when there is none. */
export async function readBmapFor(imagePath: string): Promise<BmapRanges | null> {
  const bmapFile = `${imagePath}.bmap`;
  let text: string;
  try {
    text = await readFile(bmapFile, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return null;
    throw error;
  }
  const version = /<bmap\s+version="(\d+)\.\d+"/.exec(text)?.[1];
  if (version !== '1' && version !== '2')
    throw new BmapStaleError(bmapFile, 'it is not a bmap of format 1.x or 2.0');
  const imageSize = Number(field(text, 'ImageSize'));
  const blockSize = Number(field(text, 'BlockSize'));
  if (!Number.isSafeInteger(imageSize) || !(blockSize > 0))
    throw new BmapStaleError(bmapFile, 'it names no image size or block size');
  const algorithm = (field(text, 'ChecksumType') ?? (version === '1' ? 'sha1' : 'sha256')).toLowerCase();
  if (algorithm !== 'sha1' && algorithm !== 'sha256')
    throw new BmapStaleError(bmapFile, `its checksum type ${algorithm} is not sha1 or sha256`);
  const own = ownChecksumProblem(text, algorithm);
  if (own !== null) throw new BmapStaleError(bmapFile, own);
  const actualSize = (await stat(imagePath)).size;
  if (actualSize !== imageSize)
    throw new BmapStaleError(
      bmapFile,
      `it is for an image of ${imageSize} bytes; ${imagePath} has ${actualSize}`,
    );
  const mapped: ByteRange[] = [];
  for (const range of parseRanges(text)) {
    const start = range.first * blockSize;
    const end = Math.min((range.last + 1) * blockSize, imageSize);
    if (range.last < range.first || start >= imageSize || (mapped.at(-1)?.end ?? 0) > start)
      throw new BmapStaleError(
        bmapFile,
        `its range ${range.first}-${range.last} is not inside the image, in order`,
      );
    if (
      range.checksum !== null &&
      (await fileRangeDigest(imagePath, algorithm, start, end)) !== range.checksum
    )
      throw new BmapStaleError(bmapFile, `the image's blocks ${range.first}-${range.last} have changed`);
    mapped.push({ start, end });
  }
  return {
    bmapFile,
    imageSize,
    blockSize,
    mapped,
    mappedBytes: mapped.reduce((sum, r) => sum + r.end - r.start, 0),
  };
}
