import { z } from 'zod';
import { reconnectTimeoutMsSchema } from '../deadlines';
import { fastDeviceSchema, fastModeSchema, fastPathChoiceSchema } from '../fast-path';
import { programEventSchema } from '../program-events';
import { defineEvent, defineRequest } from './define';

const partitionIds = z.array(z.number().int().min(0).max(0xff)).max(256);

/** Programs the current layout (or the one named) onto one board; the run reports through `program.event`. */
export const programStart = defineRequest(
  'program.start',
  z
    .object({
      /** A board's id from `boards.list`. */
      boardId: z.string().min(1),
      /** Defaults to the app's current layout. */
      layoutPath: z.string().min(1).optional(),
      binariesDir: z.string().min(1).optional(),
      /** Program only these partition ids (the daily loop: reflash bootfs alone). */
      only: partitionIds.optional(),
      skip: partitionIds.optional(),
      /** The come-back deadline of a re-enumeration; the app's setting when absent. */
      reconnectTimeoutMs: reconnectTimeoutMsSchema.optional(),
      /** Read each partition back after it is written and compare it with its image (`program --verify`). */
      verify: z.boolean().optional(),
      /** The fast path (fastboot, `program --fast`): `auto` when absent. */
      fast: fastModeSchema.optional(),
      /** `--fast-device mmcN`: the MMC device the FIP's U-Boot flashes. */
      fastDevice: fastDeviceSchema.optional(),
    })
    .strict(),
  z.object({ runId: z.string() }),
);

/** What a run with these choices would do, fast path or DFU and why, shown before Program is pressed. */
export const programFastPath = defineRequest(
  'program.fastPath',
  z
    .object({
      /** The board the run would program; its SoC decides the stock FIP's fastboot device. */
      boardId: z.string().min(1).optional(),
      /** Defaults to the app's current layout. */
      layoutPath: z.string().min(1).optional(),
      binariesDir: z.string().min(1).optional(),
      fast: fastModeSchema,
      fastDevice: fastDeviceSchema.optional(),
      verify: z.boolean().optional(),
    })
    .strict(),
  fastPathChoiceSchema,
);

export const programCancel = defineRequest(
  'program.cancel',
  z.object({ runId: z.string().min(1) }).strict(),
  z.object({ cancelled: z.boolean() }),
);

/** One event of a run, exactly as `program --json` prints it; progress at most 20 times a second per board. */
export const programEvent = defineEvent(
  'program.event',
  z.object({ runId: z.string(), boardId: z.string(), event: programEventSchema }),
);
