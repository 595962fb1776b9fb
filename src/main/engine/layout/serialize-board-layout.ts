import {
  addToStm32Checksum,
  stm32HeaderField,
  stm32HeaderSize,
  stm32HeaderVersion,
  stm32Magic,
} from '../../protocol/stm32-header';
import type { FlashLayout, Partition } from './flash-layout';
import { textOf } from './flash-layout';

export interface BoardLayoutOptions {
  /**
   * Which lines keep their Opt; the others are sent as `-` (not programmed). Used to program only some
   * partitions, or the remaining ones: U-Boot then treats their memory as a partial update (spec §3.1).
   */
  readonly select?: (partition: Partition) => boolean;
}

/** option_flags = 1 (no signature check), as ST's host tool writes it (spec §1). */
const boardHeaderOptionFlags = 1;

/**
 * The layout as a board receives it at phase 0x00, as ST's open-source host tool re-writes it (spec §1,
 * `prepareUbootFlashlayoutFile()`): every partition line as `Opt\t0x%02X\tName\tType\tIP\tOffset\n` (six
 * columns, the Binary column dropped, single TABs, LF, no comments).
 */
export function boardLayoutText(layout: FlashLayout, options: BoardLayoutOptions = {}): string {
  const select = options.select ?? (() => true);
  return layout.partitions
    .map((partition) => {
      const opt = select(partition) ? textOf(partition, 'opt') : '-';
      const id =
        partition.id === null
          ? textOf(partition, 'id')
          : `0x${partition.id.toString(16).toUpperCase().padStart(2, '0')}`;
      const rest = (['name', 'type', 'ip', 'offset'] as const).map((column) => textOf(partition, column));
      return `${[opt, id, ...rest].join('\t')}\n`;
    })
    .join('');
}

/**
 * The bytes sent to phase 0x00: a 256-byte STM32 header v1 (magic, payload byte-sum at 0x44, version 1.0 at
 * 0x48, length at 0x4C, option flags 1 at 0x64, the rest zero), then the board form of the layout. U-Boot
 * strips a v1 header and checks its checksum (spec §2).
 */
export function serializeBoardLayout(layout: FlashLayout, options: BoardLayoutOptions = {}): Uint8Array {
  const payload = new TextEncoder().encode(boardLayoutText(layout, options));
  const headerSize = stm32HeaderSize.v1_0;
  const bytes = new Uint8Array(headerSize + payload.length);
  bytes.set(stm32Magic, stm32HeaderField.magic);
  const view = new DataView(bytes.buffer);
  view.setUint32(stm32HeaderField.imageChecksum, addToStm32Checksum(0, payload), true);
  view.setUint32(stm32HeaderField.headerVersion, stm32HeaderVersion.v1_0, true);
  view.setUint32(stm32HeaderField.imageLength, payload.length, true);
  view.setUint32(stm32HeaderField.optionOrExtensionFlags, boardHeaderOptionFlags, true);
  bytes.set(payload, headerSize);
  return bytes;
}
