import { z } from 'zod';
import { defineEvent, defineRequest } from './define';

export const consolePortSchema = z.object({
  /** A serial port's path, or the id of a virtual board's console (`virtual-1`). */
  path: z.string(),
  /** What a person recognises the port by. */
  label: z.string(),
  kind: z.enum(['serial', 'virtual']),
  /** An ST-Link virtual COM port (VID 0x0483): the board's console on ST's kits; listed first. */
  stLink: z.boolean(),
  /** Already open: its data flows as `console.data`. */
  open: z.boolean(),
});
export type ConsolePort = z.infer<typeof consolePortSchema>;

export const consoleWarningSchema = z.object({
  code: z.enum([
    'CONSOLE_PORT_BUSY',
    'CONSOLE_PORT_ACCESS',
    'CONSOLE_PORT_MISSING',
    'CONSOLE_OPEN_FAILED',
    'CONSOLE_NOT_FOUND',
  ]),
  message: z.string(),
  hint: z.string(),
});

export const consoleList = defineRequest(
  'console.list',
  z.object({}).strict(),
  z.object({ ports: z.array(consolePortSchema) }),
);

/** Opens a serial port (a virtual board's console is always open); a port that cannot be opened is a warning. */
export const consoleOpen = defineRequest(
  'console.open',
  z
    .object({
      path: z.string().min(1),
      baudRate: z.number().int().positive().max(4_000_000).optional(),
    })
    .strict(),
  z.object({ consoleId: z.string().nullable(), warning: consoleWarningSchema.nullable() }),
);

export const consoleClose = defineRequest(
  'console.close',
  z.object({ consoleId: z.string().min(1) }).strict(),
  z.object({ closed: z.boolean() }),
);

/** What the console's bounded buffer holds now (for a window that opens late). */
export const consoleHistory = defineRequest(
  'console.history',
  z.object({ consoleId: z.string().min(1) }).strict(),
  z.object({ text: z.string() }),
);

/** Text from a console, coalesced (at most a few events a second per console); markers are whole lines. */
export const consoleData = defineEvent(
  'console.data',
  z.object({
    consoleId: z.string(),
    kind: z.enum(['data', 'marker', 'closed']),
    text: z.string(),
  }),
);
