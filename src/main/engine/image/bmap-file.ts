import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { fileRangeDigest } from '../files/file-range-digest';
import { type BlockMap, checksumRanges, mapBlockBytes } from './block-map';
import type { RangeChecksum } from './range-checksums';

/**
 * A block map in bmaptool's format 2.0 (bmap-tools `BmapCreate.py`): image size, 4 KiB blocks, the count of
 * blocks and of mapped ones, sha256 checksums of each `<Range>` of mapped blocks, and `BmapFileChecksum`, the
 * sha256 of the file written with 64 ASCII zeros in its place. `bmaptool copy` writes only the mapped blocks.
 */

const zeroChecksum = '0'.repeat(64);
/** Whether the checksums hashed while writing cover exactly the map's ranges. */
function matchesMap(sums: readonly RangeChecksum[], map: BlockMap): boolean {
  const ranges = checksumRanges(map.ranges());
  return (
    sums.length === ranges.length &&
    sums.every((sum, index) => sum.first === ranges[index]?.[0] && sum.last === ranges[index]?.[1])
  );
}

/**
 * The bmap text; `known` are the ranges' checksums hashed while writing, else the image is read back; with
 * `checksums` false the ranges carry none (as `bmaptool create --no-checksum`: `BmapCopy` then copies them
 * without verifying; the file's own `BmapFileChecksum` stays).
 */
export async function bmapText(
  image: string,
  imageBytes: number,
  map: BlockMap,
  known: readonly RangeChecksum[] | null = null,
  checksums = true,
): Promise<string> {
  const usable = known !== null && matchesMap(known, map) ? known : null;
  const ranges: string[] = [];
  for (const [index, [first, last]] of (checksums ? checksumRanges(map.ranges()) : map.ranges()).entries()) {
    const blocks = first === last ? `${first}` : `${first}-${last}`;
    if (!checksums) {
      ranges.push(`        <Range> ${blocks} </Range>\n`);
      continue;
    }
    const checksum =
      usable?.[index]?.chksum ??
      (await fileRangeDigest(
        image,
        'sha256',
        first * mapBlockBytes,
        Math.min((last + 1) * mapBlockBytes, imageBytes),
      ));
    ranges.push(`        <Range chksum="${checksum}"> ${blocks} </Range>\n`);
  }
  const text = [
    '<?xml version="1.0" ?>\n',
    '<!-- The block map of an SD-card image written by STM32MP Flasher (bmaptool format 2.0). -->\n',
    '<bmap version="2.0">\n',
    `    <ImageSize> ${imageBytes} </ImageSize>\n`,
    `    <BlockSize> ${mapBlockBytes} </BlockSize>\n`,
    `    <BlocksCount> ${Math.ceil(imageBytes / mapBlockBytes)} </BlocksCount>\n`,
    `    <MappedBlocksCount> ${map.mappedBlocks()} </MappedBlocksCount>\n`,
    '    <ChecksumType> sha256 </ChecksumType>\n',
    `    <BmapFileChecksum> ${zeroChecksum} </BmapFileChecksum>\n`,
    '    <BlockMap>\n',
    ...ranges,
    '    </BlockMap>\n',
    '</bmap>\n',
  ].join('');
  const checksum = createHash('sha256').update(text).digest('hex');
  return text.replace(zeroChecksum, checksum);
}

export async function writeBmapFile(
  file: string,
  image: string,
  imageBytes: number,
  map: BlockMap,
  known: readonly RangeChecksum[] | null = null,
  checksums = true,
): Promise<void> {
  await writeFile(file, await bmapText(image, imageBytes, map, known, checksums));
}
