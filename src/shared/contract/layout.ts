import { z } from 'zod';
import { socs } from '../board';
import { layoutCheckReportSchema } from '../layout';
import { defineEvent, defineRequest } from './define';

/** Which layout to check, and how: the options of `stm32mp-flasher check`. */
const layoutRequest = z
  .object({
    /** The FlashLayout .tsv; a relative path is taken from the folder the app was started in. */
    path: z.string().min(1),
    /** The base folder for relative binary paths; searched for when absent (see `check`). */
    binariesDir: z.string().min(1).optional(),
    /** Check `.stm32` header versions against this SoC. */
    soc: z.enum(socs).optional(),
    /** Skip every check that reads the binaries. */
    layoutOnly: z.boolean().optional(),
  })
  .strict();

const currentLayout = z.object({ report: layoutCheckReportSchema.nullable() });

/** Opens a layout: checks it, makes it the app's current layout, and announces it with `layout.changed`. */
export const layoutOpen = defineRequest('layout.open', layoutRequest, layoutCheckReportSchema);
/** Checks a layout without making it current. */
export const layoutCheck = defineRequest('layout.check', layoutRequest, layoutCheckReportSchema);
/** The current layout (opened in the app, or given with `serve --layout`), if any. */
export const layoutCurrent = defineRequest('layout.current', z.object({}).strict(), currentLayout);
export const layoutChanged = defineEvent('layout.changed', currentLayout);

/** Asks the user for a layout file with the desktop's own dialog; null when they cancel. */
export const layoutChoose = defineRequest(
  'layout.choose',
  z.object({}).strict(),
  z.object({ path: z.string().nullable() }),
);

/** The layout file's SHA-256, for a run's report: which exact file was programmed. */
export const layoutDigest = defineRequest(
  'layout.digest',
  z.object({ path: z.string().min(1) }).strict(),
  z.object({ path: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int().min(0) }),
);

/** How many completions `layout.complete` answers at most. */
export const maxPathCompletions = 50;

/**
 * Completes a partly typed path in the browser shell's path field (a browser has no file dialog): the
 * folders and `.tsv` files whose path starts with it, relative paths from the folder the app started in.
 */
export const layoutComplete = defineRequest(
  'layout.complete',
  z.object({ prefix: z.string().max(4096) }).strict(),
  z.object({
    entries: z
      .array(z.object({ path: z.string(), kind: z.enum(['folder', 'layout']) }))
      .max(maxPathCompletions),
  }),
);
