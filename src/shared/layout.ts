import { z } from 'zod';

/**
 * What a FlashLayout check reports, as it crosses processes (IPC, WebSocket, `check --json`).
 * The engine's parsed layout (with bigint offsets) stays in the main process; only this JSON shape travels.
 */

/** Every code a layout check can report; stable: scripts and the UI match on them. */
export const layoutIssueCodes = [
  // Reading the file
  'LAYOUT_UNREADABLE',
  'LAYOUT_NOT_A_FILE',
  'LAYOUT_TOO_LARGE',
  'LAYOUT_TOO_MANY_LINES',
  'BOM',
  'NUL_BYTE',
  'TOO_MANY_PARTITIONS',
  'NO_PARTITION',
  // One line's shape
  'TRAILING_TAB',
  'TOO_FEW_COLUMNS',
  'COLUMN_COUNT',
  'SPACE_AROUND_FIELD',
  // One column's value
  'BAD_OPTION',
  'BAD_ID',
  'OCTAL_ID',
  'ID_NOT_HEX',
  'NAME_TOO_LONG',
  'BAD_TYPE',
  'BAD_IP',
  'BAD_OFFSET',
  'OCTAL_OFFSET',
  // Lines together
  'SELECTED_NONE',
  'BAD_PHASE',
  'DUPLICATE_ID',
  'DUPLICATE_NAME',
  'TOO_MANY_DEVICES',
  'BINARY_COPIES',
  'BOOT_PARTITION_NOT_MMC',
  'DUPLICATE_OFFSET',
  'MMC_OFFSET_LOW',
  'MMC_OFFSET_ALIGNMENT',
  'RAW_IMAGE_OFFSET',
  'MISSING_FSBL',
  'MISSING_SSBL',
  'MISSING_BINARY',
  'EMPTY_WITH_BINARY',
  'TYPE_NEEDS_NEWER_UBOOT',
  // The binaries
  'PATH_OUTSIDE_LAYOUT_DIR',
  'BINARY_NOT_FOUND',
  'BINARY_NOT_A_FILE',
  'BINARY_TOO_LARGE',
  'BAD_STM32_HEADER',
  'STM32_CHECKSUM',
  'STM32_HEADER_VERSION',
  'FSBL_TOO_LARGE',
  'SSBL_NOT_FIP_OR_STM32',
  'DDR_FIRMWARE_NOT_FIP',
] as const;
export type LayoutIssueCode = (typeof layoutIssueCodes)[number];

export const layoutIssueSeverities = ['error', 'warning'] as const;
export type LayoutIssueSeverity = (typeof layoutIssueSeverities)[number];

/** One problem, where a compiler would put it: `line` and `column` are 1-based; 0 means the whole file. */
export const layoutIssueSchema = z.object({
  code: z.enum(layoutIssueCodes),
  severity: z.enum(layoutIssueSeverities),
  line: z.number().int().min(0),
  column: z.number().int().min(0),
  /** What is wrong; where U-Boot refuses the layout, its own message is quoted. */
  message: z.string(),
  /** What a person can do about it. */
  hint: z.string(),
});
export type LayoutIssue = z.infer<typeof layoutIssueSchema>;

/** Partition types U-Boot's stm32prog accepts (spec §3.4); `Binary` also as `Binary(N)`. */
export const partitionTypeNames = [
  'Binary',
  'FIP',
  'FWU_MDATA',
  'ENV',
  'System',
  'ESP',
  'FileSystem',
  'RawImage',
] as const;
export type PartitionTypeName = (typeof partitionTypeNames)[number];

/** Memory kinds of the IP column (spec §3.5); `none` = loaded by the host, never written. */
export const ipKinds = ['none', 'mmc', 'nor', 'nand', 'spi-nand', 'ram'] as const;
export type IpKind = (typeof ipKinds)[number];

/** A byte count, exact beyond 2^53: decimal digits. */
const decimalString = z.string().regex(/^\d+$/);

/** One data line of the layout, its columns as the file spells them. */
export const layoutPartitionReportSchema = z.object({
  line: z.number().int().min(1),
  opt: z.string(),
  /** Null when the Id column is missing or not a number U-Boot reads. */
  id: z.number().int().min(0).nullable(),
  name: z.string(),
  type: z.string(),
  ip: z.string(),
  /** The Offset column's text (`0x00004400`, `boot1`). */
  offset: z.string(),
  /** The Binary column's text: a path, `none`, or empty when the column is missing. */
  binary: z.string(),
  /** The binary's size in bytes; null when not read (no file, `--layout-only`). */
  size: decimalString.nullable(),
  /** The partition's size on its memory (next offset minus this one); null when it cannot be known offline. */
  room: decimalString.nullable(),
});
export type LayoutPartitionReport = z.infer<typeof layoutPartitionReportSchema>;

/** The result of `check` (`--json`), of `layout.open` and of `layout.check`. */
export const layoutCheckReportSchema = z.object({
  /** True when no issue is an error (warnings allowed). */
  ok: z.boolean(),
  layout: z.object({
    /** The layout file, absolute. */
    path: z.string(),
    /** The folder relative binary paths were resolved against (see the base folder search). */
    baseDir: z.string(),
    partitions: z.array(layoutPartitionReportSchema),
  }),
  issues: z.array(layoutIssueSchema),
});
export type LayoutCheckReport = z.infer<typeof layoutCheckReportSchema>;
