import type { LayoutPartitionReport } from '../../../shared/layout';
import { fileNameOf, imagePathOf, splitForEllipsis } from './middle-ellipsis';
import { exactBytes, humanBytes, spaceOf } from './partition-space';

/** At most this many characters of a binary's file name; fewer when the column is narrower (CSS). */
export const binaryNameChars = 64;
/** The end of a name that stays when the column is too narrow for all of it: `-trusted.stm32`. */
const binaryTailChars = 14;

function BinaryName({ name }: { name: string }) {
  const { head, tail } = splitForEllipsis(name, binaryNameChars, binaryTailChars);
  return (
    <span className="binary-name">
      <span className="binary-head">{head}</span>
      <span className="binary-tail">{tail}</span>
    </span>
  );
}

interface Props {
  readonly partition: LayoutPartitionReport;
  /** The last partition of its memory: its size runs to the memory's end. */
  readonly last: boolean;
}

/**
 * A line's Offset, Size, Image and Free cells: human units in the cell, the exact values (hex, bytes) in the
 * tooltip.
 */
export function PartitionSpaceCells({ partition, last }: Props) {
  const space = spaceOf(partition);
  const onMemory = partition.ip !== 'none' && partition.ip !== '';
  const offset =
    space.offset !== null
      ? { text: humanBytes(space.offset), title: `${partition.offset}: ${exactBytes(space.offset)}` }
      : {
          text: onMemory ? partition.offset : '–',
          title: onMemory ? undefined : 'Loaded by the host, not written',
        };
  const room =
    space.room !== null
      ? { text: humanBytes(space.room), title: exactBytes(space.room) }
      : onMemory && last && space.offset !== null
        ? { text: 'to end', title: `Up to the end of ${partition.ip}: its size is known only to the board` }
        : { text: '–', title: onMemory ? 'Not known before the board reports it' : undefined };
  const overflow = space.left !== null && space.left < 0n;
  return (
    <>
      <td className="space-cell" title={offset.title}>
        {offset.text}
      </td>
      <td className="space-cell" title={room.title}>
        {room.text}
      </td>
      <td className="space-cell" title={space.image === null ? undefined : exactBytes(space.image)}>
        {space.image === null ? '–' : humanBytes(space.image)}
      </td>
      {space.left === null ? (
        <td className="space-cell">–</td>
      ) : (
        <td
          className={`space-cell${overflow ? ' space-overflow' : ''}`}
          title={
            overflow
              ? `Does not fit: ${exactBytes(-space.left)} too large`
              : `${exactBytes(space.left)} free after the image`
          }
        >
          {overflow ? `⚠ ${humanBytes(space.left)}` : humanBytes(space.left)}
        </td>
      )}
    </>
  );
}

/** The Binary cell: the file's name, shortened in the middle to fit; its full path on hover. */
export function BinaryCell({ partition, baseDir }: { partition: LayoutPartitionReport; baseDir: string }) {
  const binary = partition.binary === '' || partition.binary === 'none' ? null : partition.binary;
  return (
    <td className="mono binary-cell" title={binary === null ? undefined : imagePathOf(baseDir, binary)}>
      {binary === null ? partition.binary : <BinaryName name={fileNameOf(binary)} />}
    </td>
  );
}
