import { z } from 'zod';
import { stationViewSchema } from '../station';
import { defineEvent, defineRequest } from './define';

/**
 * The factory station (`serve --station <recipe>`): a grid of slots, Program all, per-slot Program, auto mode.
 * `view` is null when the app runs without a station.
 */
const stationState = z.object({ view: stationViewSchema.nullable() });

export const stationGet = defineRequest('station.get', z.object({}).strict(), stationState);
export const stationChanged = defineEvent('station.changed', stationState);
/** Starts every slot with a board ready; answers at once (the tiles show the runs). */
export const stationProgramAll = defineRequest(
  'station.programAll',
  z.object({}).strict(),
  z.object({ started: z.number().int().min(0) }),
);
/** Starts one slot, by its name, even if its board was programmed already (the operator asked). */
export const stationProgramSlot = defineRequest(
  'station.programSlot',
  z.object({ slot: z.string().min(1).max(200) }).strict(),
  z.object({ started: z.boolean() }),
);
export const stationSetAuto = defineRequest(
  'station.setAuto',
  z.object({ on: z.boolean() }).strict(),
  z.object({ auto: z.boolean() }),
);

/**
 * Enters a station from the app: the recipe at `path` (a file this client may read), checked as `recipe check`
 * does, on the boards this app sees. Refused with RECIPE_REFUSED (its problems as the message) when it cannot run.
 */
export const stationOpen = defineRequest(
  'station.open',
  z.object({ path: z.string().min(1).max(4096) }).strict(),
  stationState,
);

/**
 * Teach the slots (`on`): from now, each USB port a board is plugged into becomes the next slot ("Slot 1", …),
 * written into the recipe; nothing is programmed meanwhile. `on: false` ends it and auto mode is as before.
 */
export const stationTeach = defineRequest(
  'station.teach',
  z.object({ on: z.boolean() }).strict(),
  z.object({ teaching: z.boolean(), slots: z.number().int().min(0) }),
);
