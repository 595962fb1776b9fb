import type { IpKind, PartitionTypeName } from '../../../shared/layout';

/**
 * A FlashLayout as the parser reads it (spec §2, §3): partitions in file order, each with its physical
 * line and its columns, as text (what the file says) and typed (what U-Boot understands; null where U-Boot
 * would refuse the value). Lives in the main process only: offsets are bigint.
 */

/** The order of the columns (spec §3); U-Boot reads the first six, the host tool the seventh. */
export const layoutColumns = ['opt', 'id', 'name', 'type', 'ip', 'offset', 'binary'] as const;
export type LayoutColumn = (typeof layoutColumns)[number];
export const columnIndex = Object.fromEntries(layoutColumns.map((name, index) => [name, index])) as Record<
  LayoutColumn,
  number
>;

/** One non-empty column of a line: its text (cut at a `\r`, as U-Boot does) and its 1-based position. */
export interface LayoutField {
  readonly text: string;
  readonly column: number;
}

/** The Opt column (spec §3.1): `-` is none of these; otherwise a combination of P, E, D containing P. */
export interface PartitionOption {
  /** P: the partition is programmed (U-Boot's OPT_SELECT). */
  readonly program: boolean;
  /** E: created empty, nothing downloaded. */
  readonly empty: boolean;
  /** D: erased before programming. */
  readonly delete: boolean;
}

export interface PartitionType {
  readonly name: PartitionTypeName;
  /** `Binary(N)`: N copies (U-Boot's bin_nb); 1 for plain `Binary`, 0 for other types. */
  readonly copies: number;
}

/** The IP column: a memory and its instance (`mmc1`), or `none` for host-loaded images. */
export interface PartitionIp {
  readonly kind: IpKind;
  readonly instance: number;
}

/** A byte offset (64-bit exact), or an eMMC hardware boot partition. */
export type PartitionOffset = bigint | 'boot1' | 'boot2';

export interface Partition {
  /** 1-based physical line in the file. */
  readonly line: number;
  /** Every non-empty column of the line, in order (runs of TABs are one separator). */
  readonly fields: readonly LayoutField[];
  readonly opt: PartitionOption | null;
  readonly id: number | null;
  readonly name: string | null;
  readonly type: PartitionType | null;
  readonly ip: PartitionIp | null;
  readonly offset: PartitionOffset | null;
  /** The Binary column as a path; null for `none` or when the column is missing. */
  readonly binary: string | null;
}

/** A comment line (`#` starts its first non-empty column), kept verbatim so a layout can be written back. */
export interface LayoutComment {
  readonly line: number;
  readonly text: string;
}

export interface FlashLayout {
  readonly partitions: readonly Partition[];
  readonly comments: readonly LayoutComment[];
  /** Physical lines read (up to a NUL byte, where U-Boot stops). */
  readonly lineCount: number;
}

/** The field of a column, if the line has it. */
export function fieldOf(partition: Partition, column: LayoutColumn): LayoutField | undefined {
  return partition.fields[columnIndex[column]];
}

/** The text of a column, or '' when the line does not have it. */
export function textOf(partition: Partition, column: LayoutColumn): string {
  return fieldOf(partition, column)?.text ?? '';
}

/** Where a column is, or where it would start: just after the line's last field. */
export function columnOf(partition: Partition, column: LayoutColumn): number {
  const field = fieldOf(partition, column);
  if (field !== undefined) return field.column;
  const last = partition.fields.at(-1);
  return last === undefined ? 1 : last.column + last.text.length;
}

/** A memory device as U-Boot groups partitions (spec §3.5): same kind and instance. */
export function deviceKey(ip: PartitionIp): string {
  return ip.kind === 'ram' ? 'ram' : `${ip.kind}${ip.instance}`;
}
