import { z } from 'zod';
import { stages } from './board';
import type { ErrorCode } from './errors';

/**
 * What a programming session reports, one event at a time: the CLI prints them (`program --json`, one per
 * line) and the IPC contract carries them unchanged (`program.event`). Console lines never travel here: they
 * come from the console service (`console.data`, `{"type":"console"}` in the CLI).
 */

/** Bumped when a field changes meaning or goes away; new fields keep the version. */
export const programEventSchemaVersion = 1;

/** Why a run failed, from what was observed (issue 15 point 5), plus the session's own refusals. */
export const programFailureCodes = [
  // The board and the host lost each other at a stage change (the reconnect watcher).
  'DEVICE_NEVER_DETACHED',
  'DEVICE_NEVER_RETURNED',
  'DEVICE_RETURNED_UNOPENABLE',
  'DEVICE_RETURNED_ELSEWHERE',
  'DEVICE_AMBIGUOUS',
  'DEVICE_RESET',
  // During a transfer.
  'DEVICE_UNPLUGGED',
  'DEVICE_ERROR_STATUS',
  'DEVICE_REFUSED_IMAGE',
  'DEVICE_TRANSFER_ERROR',
  // Before or at the start of a run.
  'DEVICE_NOT_FOUND',
  'DEVICE_CHOICE_NEEDED',
  /** A DFU device with empty strings, not a board in a known stage (read from others' logs by the doctor). */
  'DEVICE_UNIDENTIFIED',
  'DEVICE_UNOPENABLE',
  'BOARD_BUSY',
  'BOARD_NEEDS_RESET',
  'LAYOUT_SOC_MISMATCH',
  'LAYOUT_INVALID',
  'PARTITION_SELECTION_INVALID',
  'IMAGE_UNREADABLE',
  'IMAGE_CHANGED',
  // Read-back verify (`program --verify`): a partition read back differs from its image.
  'VERIFY_MISMATCH',
  // The fast path (fastboot): refused before anything was sent, or a FAIL from the board.
  'FAST_PATH_UNAVAILABLE',
  'FAST_VERIFY_UNAVAILABLE',
  'FASTBOOT_FAILED',
  'FAST_BMAP_STALE',
  // The run itself.
  'UNEXPECTED_PHASE',
  'CANCELLED',
  'RUN_TIMEOUT',
  'INTERNAL_ERROR',
] as const satisfies readonly ErrorCode[];
export type ProgramFailureCode = (typeof programFailureCodes)[number];

export const programWarningCodes = [
  'LINK_FULL_SPEED',
  'PARTIAL_UPDATE',
  'CONSOLE_UNAVAILABLE',
  /** The run's log file (`program --log`) stopped being written; the run went on. */
  'LOG_UNWRITABLE',
  /** Linux without udevd: the board will not be seen after it re-enumerates (`UsbBackend.hotplugProblem`). */
  'UDEV_NOT_RUNNING',
  /** Verify was asked for, but this partition's memory gives no read-back (U-Boot has no upload for it). */
  'VERIFY_UNAVAILABLE',
  /** `--fast-device` names the MMC device fastboot formats: a wrong value formats the other memory. */
  'FAST_DEVICE_CHOSEN',
  /** `--fast on` where this computer's access to the fastboot device (0483:0afb) is not known (Windows: its driver). */
  'FAST_ACCESS_UNKNOWN',
] as const;
export type ProgramWarningCode = (typeof programWarningCodes)[number];

/** `cancelled`: the run was stopped while this partition was being sent (it is incomplete, not refused). */
export const partitionStatuses = ['written', 'failed', 'cancelled', 'pending'] as const;
export type PartitionStatus = (typeof partitionStatuses)[number];

const version = z.literal(programEventSchemaVersion);
/** Milliseconds since the run started. */
const elapsed = z.number().min(0);

export const stageTimelineEntrySchema = z.object({
  stage: z.enum(stages),
  startedMs: elapsed,
  /** Null while the stage runs. */
  endedMs: elapsed.nullable(),
});
export type StageTimelineEntry = z.infer<typeof stageTimelineEntrySchema>;

/** The board entered a stage; `timeline` holds every stage of this run so far, the new one last. */
export const stageEventSchema = z.object({
  schemaVersion: version,
  type: z.literal('stage'),
  stage: z.enum(stages),
  elapsedMs: elapsed,
  timeline: z.array(stageTimelineEntrySchema),
});

/** Bytes of one partition acknowledged by the board; throttled at the source (last one with `done`). */
export const partitionProgressEventSchema = z.object({
  schemaVersion: version,
  type: z.literal('partition-progress'),
  partitionId: z.number().int().min(0).max(0xff),
  name: z.string(),
  bytes: z.number().int().min(0),
  total: z.number().int().min(0),
  /** Bytes per second over a sliding window; null before two samples. */
  bytesPerSecond: z.number().min(0).nullable(),
  /** Seconds left at that speed; null while unknown. */
  etaSeconds: z.number().min(0).nullable(),
  done: z.boolean(),
  /** `verify`: the partition is being read back and compared (`--verify`); absent or `write`: being sent. */
  step: z.enum(['write', 'verify']).optional(),
  elapsedMs: elapsed,
});

/** A stage change that leaves the bus: waiting for the board to leave, then to come back. */
export const reconnectEventSchema = z.object({
  schemaVersion: version,
  type: z.literal('reconnect'),
  phase: z.enum(['leave', 'return', 'found']),
  /** The stage the board should come back in. */
  expectedStage: z.enum(stages),
  /** When the current phase gives up, in ms since the run started. */
  deadlineMs: elapsed,
  secondsLeft: z.number().min(0),
  /** Why the deadline moved (the console shows the board working), else null. */
  extendedBecause: z.string().nullable(),
  /** How the board was recognised when it came back (`found` only). */
  matchedBy: z.enum(['serial', 'slot']).nullable(),
  elapsedMs: elapsed,
});

/**
 * A request during which the board writes (a block's DNLOAD, the GETSTATUS after it) has waited 3 s: the board
 * is writing to its memory (U-Boot flushes its 8 MiB buffer, an eMMC or NAND erases). A typed event rather
 * than a `log` line, so the CLI and the app can show it on the partition's row with its own countdown, as
 * `reconnect` does; the next `partition-progress` of that partition (or any stage or result) ends it.
 */
export const writingEventSchema = z.object({
  schemaVersion: version,
  type: z.literal('writing'),
  partitionId: z.number().int().min(0).max(0xff),
  name: z.string(),
  /** When the request gives up (the write deadline, `--write-timeout`), in ms since the run started. */
  deadlineMs: elapsed,
  secondsLeft: z.number().min(0),
  elapsedMs: elapsed,
});

export const logEventSchema = z.object({
  schemaVersion: version,
  type: z.literal('log'),
  level: z.enum(['debug', 'info']),
  message: z.string(),
  elapsedMs: elapsed,
});

export const warningEventSchema = z.object({
  schemaVersion: version,
  type: z.literal('warning'),
  code: z.enum(programWarningCodes),
  message: z.string(),
  hint: z.string(),
  elapsedMs: elapsed,
});

export const partitionOutcomeSchema = z.object({
  id: z.number().int().min(0).max(0xff),
  name: z.string(),
  /** Bytes the board acknowledged. */
  bytes: z.number().int().min(0),
  status: z.enum(partitionStatuses),
});
export type PartitionOutcome = z.infer<typeof partitionOutcomeSchema>;

/** The last event of every run. */
export const resultEventSchema = z.object({
  schemaVersion: version,
  type: z.literal('result'),
  ok: z.boolean(),
  code: z.enum(programFailureCodes).nullable(),
  warnings: z.array(z.enum(programWarningCodes)),
  partitions: z.array(partitionOutcomeSchema),
  /** What to do, most likely first (ranked by the evidence); on success, the next step. */
  hints: z.array(z.string()),
  /** What happened, in one sentence; null on success. */
  message: z.string().nullable(),
  /** The board's last console lines (up to 20) when a console was open and the run failed. */
  consoleLines: z.array(z.string()),
  elapsedMs: elapsed,
});

/** Who a line of a several-board run (`program --all`, `factory`) is about. */
export const boardTagSchema = z.object({
  id: z.string(),
  /** The USB port path: where the board sits on the station. */
  slot: z.string(),
  serial: z.string().nullable(),
});
export type BoardTag = z.infer<typeof boardTagSchema>;

/** The last line of a several-board run: one entry per board, in slot order, and the counts. */
export const programSummarySchema = z.object({
  schemaVersion: version,
  type: z.literal('summary'),
  passed: z.number().int().min(0),
  failed: z.number().int().min(0),
  boards: z.array(
    boardTagSchema.extend({
      ok: z.boolean(),
      code: z.enum(programFailureCodes).nullable(),
      elapsedMs: elapsed,
    }),
  ),
  elapsedMs: elapsed,
});
export type ProgramSummary = z.infer<typeof programSummarySchema>;

export const programEventSchema = z.discriminatedUnion('type', [
  stageEventSchema,
  partitionProgressEventSchema,
  reconnectEventSchema,
  writingEventSchema,
  logEventSchema,
  warningEventSchema,
  resultEventSchema,
]);

export type StageEvent = z.infer<typeof stageEventSchema>;
export type PartitionProgressEvent = z.infer<typeof partitionProgressEventSchema>;
export type ReconnectEvent = z.infer<typeof reconnectEventSchema>;
export type WritingEvent = z.infer<typeof writingEventSchema>;
export type LogEvent = z.infer<typeof logEventSchema>;
export type WarningEvent = z.infer<typeof warningEventSchema>;
export type ResultEvent = z.infer<typeof resultEventSchema>;
export type ProgramEvent = z.infer<typeof programEventSchema>;

/** An event as the engine builds it: version and time are stamped by the session. */
export type ProgramEventBody<T extends ProgramEvent = ProgramEvent> = T extends ProgramEvent
  ? Omit<T, 'schemaVersion' | 'elapsedMs'>
  : never;
