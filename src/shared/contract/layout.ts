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
