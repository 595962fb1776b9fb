import { z } from 'zod';
import { programFailureCodes } from './program-events';

/** What a station tile shows, in words readable from two metres. */
export const slotStates = ['idle', 'waiting', 'programming', 're-enumerating', 'passed', 'failed'] as const;
export type SlotState = (typeof slotStates)[number];

/** Why a slot failed when no run result says it: the station log could not be written. */
export const stationFailureCodes = [...programFailureCodes, 'STATION_LOG_FAILED'] as const;

export const slotViewSchema = z.object({
  name: z.string(),
  /** The USB port path it stands for. */
  port: z.string(),
  state: z.enum(slotStates),
  /** Whole-board progress while programming, 0..100. */
  percent: z.number().min(0).max(100).nullable(),
  /** The come-back countdown while re-enumerating. */
  secondsLeft: z.number().min(0).nullable(),
  boardId: z.string().nullable(),
  serial: z.string().nullable(),
  /** Since the run started (or how long it took, once over). */
  elapsedMs: z.number().min(0).nullable(),
  code: z.enum(stationFailureCodes).nullable(),
  hint: z.string().nullable(),
});
export type SlotView = z.infer<typeof slotViewSchema>;

export const stationCountersSchema = z.object({
  passed: z.number().int().min(0),
  failed: z.number().int().min(0),
  /** passed / (passed + failed), 0..1; null before the first board. */
  yield: z.number().min(0).max(1).nullable(),
  boardsPerHour: z.number().min(0).nullable(),
});
export type StationCounters = z.infer<typeof stationCountersSchema>;

export const stationViewSchema = z.object({
  name: z.string(),
  auto: z.boolean(),
  /** Teaching the slots: each port a board is plugged into becomes the next slot (nothing is programmed). */
  teaching: z.boolean(),
  slots: z.array(slotViewSchema),
  counters: stationCountersSchema,
});
export type StationView = z.infer<typeof stationViewSchema>;
