import { z } from 'zod';
import { fastDeviceSchema, fastModeSchema } from './fast-path';
import { reconnectTimeout } from './deadlines';
import type { ErrorCode } from './errors';
import type { LayoutCheckReport } from './layout';

/**
 * A station recipe (issue 22, item 2): the file a factory station runs from. It names the FlashLayout, the
 * partitions, the deadlines, auto-program, the slots (a name for each USB port path), the reset at the end,
 * the station log's folder, and the SHA-256 of the layout and of each image it names, so a station refuses to
 * run when one of them changed. Paths are relative to the recipe file. Read as YAML 1.2 (JSON is YAML too).
 */

export const recipeVersion = 1;

/** A recipe file larger than this is refused unread. */
export const recipeMaxBytes = 64 * 1024;

/** The write deadline a recipe may set (ms): a second to an hour. */
export const recipeWriteMs = { minMs: 1000, maxMs: 3_600_000 } as const;

const idMessage = 'a partition id from 0 to 255 is needed (the Id column of the layout, e.g. 0x21 or 33)';

/** A partition id: a number 0..255, or a hex string as the layout writes it (`"0x21"`), kept as a number. */
export const recipePartitionIdSchema = z.preprocess(
  (value) => (typeof value === 'string' && /^0x[0-9a-f]{1,2}$/i.test(value) ? Number(value) : value),
  z
    .number({ error: idMessage })
    .int({ error: idMessage })
    .min(0, { error: idMessage })
    .max(255, { error: idMessage }),
);

const idList = z.array(recipePartitionIdSchema).min(1, { error: 'name at least one partition id' });

/** Either `only` or `skip`, as `program --only/--skip`. */
const partitionsSchema = z
  .strictObject({ only: idList.optional(), skip: idList.optional() })
  .superRefine((value, context) => {
    if (value.only !== undefined && value.skip !== undefined)
      context.addIssue({ code: 'custom', path: ['skip'], message: 'only and skip cannot be used together' });
  });

const deadlinesSchema = z.strictObject({
  reconnectMs: z.number().int().min(reconnectTimeout.minMs).max(reconnectTimeout.maxMs).optional(),
  writeMs: z.number().int().min(recipeWriteMs.minMs).max(recipeWriteMs.maxMs).optional(),
});

/** A USB port path as the board list shows it: bus, dash, port chain (`1-2.3`). */
export const usbPortPathPattern = /^\d{1,3}-\d{1,3}(?:\.\d{1,3}){0,6}$/;

const slotSchema = z.strictObject({
  name: z.string().trim().min(1, { error: 'a slot needs a name' }),
  port: z.string().regex(usbPortPathPattern, { error: 'a USB port path is needed, e.g. 1-2.3' }),
});

/** Slots in the order the station shows them; each name and each port used once. */
export const recipeSlotsSchema = z.array(slotSchema).superRefine((slots, context) => {
  for (const key of ['name', 'port'] as const) {
    const first = new Map<string, number>();
    slots.forEach((slot, index) => {
      const earlier = first.get(slot[key]);
      if (earlier === undefined) first.set(slot[key], index);
      else
        context.addIssue({
          code: 'custom',
          path: [index, key],
          message: `slot ${key} ${slot[key]} is used twice (slots[${earlier}] has it too)`,
        });
    });
  }
});

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, { error: 'a SHA-256 is 64 lowercase hex digits' });

const hashesSchema = z.strictObject({
  layout: sha256Schema,
  /** Keyed by each image's path as the layout's Binary column names it. */
  images: z.record(z.string().min(1), sha256Schema),
});

export const recipeSchema = z.strictObject({
  version: z.literal(recipeVersion, { error: `only version ${recipeVersion} is read by this app` }),
  name: z.string().trim().min(1, { error: 'the recipe needs a name' }),
  layout: z.string().min(1, { error: 'the FlashLayout path is needed' }),
  partitions: partitionsSchema.optional(),
  deadlines: deadlinesSchema.optional(),
  autoProgram: z.boolean().default(false),
  slots: recipeSlotsSchema,
  resetAtEnd: z.boolean().default(false),
  /** Read each partition back after it is written and compare it with its image (`program --verify`). */
  verify: z.boolean().default(false),
  /** The fast path (`program --fast`): absent is `auto`. */
  fast: fastModeSchema.optional(),
  /** `program --fast-device mmcN`: the MMC device the FIP's U-Boot flashes. */
  fastDevice: fastDeviceSchema.optional(),
  log: z.strictObject({ folder: z.string().min(1) }).optional(),
  hashes: hashesSchema,
});

export type Recipe = z.output<typeof recipeSchema>;
export type RecipeSlot = Recipe['slots'][number];

/** The recipe's top-level keys, in the order a recipe file writes them. */
export const recipeKeys = Object.keys(recipeSchema.shape) as (keyof Recipe)[];

/** Keys sorted at every depth, arrays kept in order: the same recipe always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The recipe's id, as the station log records it: the first 12 hex digits of the SHA-256 of the canonical JSON
 * (`canonicalJson`) of the parsed recipe (defaults filled, ids as numbers) without `slots` and `log`. So the id
 * names what a board receives and how (layout, hashes, partitions, deadlines, auto-program, reset, verify): re-teaching
 * the slots or moving the log leaves it alone, and two stations running the same recipe share it.
 * Web Crypto: in a browser it needs a secure context (the browser shell over a LAN address is not one: take the
 * id from the main process's check report there).
 */
export async function recipeId(recipe: Recipe): Promise<string> {
  // `verify: false` (the default) is left out, so a recipe written before `verify` existed keeps its id; `fast`
  // and `fastDevice` are absent unless written (canonicalJson drops undefined), so such a recipe keeps it too.
  const { slots: _slots, log: _log, verify, ...rest } = recipe;
  const identity = verify ? { ...rest, verify } : rest;
  const digest = await globalThis.crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(canonicalJson(identity)),
  );
  return [...new Uint8Array(digest)]
    .slice(0, 6)
    .map((byte) => byte.toString(16).padStart(2, '0'))
    .join('');
}

/** The codes a recipe check reports (each in the errors catalog). */
export const recipeIssueCodes = [
  'RECIPE_UNREADABLE',
  'RECIPE_SYNTAX',
  'RECIPE_INVALID',
  'RECIPE_LAYOUT_INVALID',
  'RECIPE_FILE_CHANGED',
  'RECIPE_EXISTS',
  'RECIPE_UNWRITABLE',
] as const satisfies readonly ErrorCode[];
export type RecipeIssueCode = (typeof recipeIssueCodes)[number];

/** One problem in a recipe, where a compiler would put it: 1-based line and column; 0 means the whole file. */
export const recipeIssueSchema = z.object({
  code: z.enum(recipeIssueCodes),
  severity: z.enum(['error', 'warning']),
  /** The recipe file the line and column are in (a changed layout or image is named in the message). */
  file: z.string(),
  line: z.number().int().min(0),
  column: z.number().int().min(0),
  /** Where in the recipe, e.g. `slots[1].port`; empty for the whole file. */
  path: z.string(),
  message: z.string(),
  hint: z.string(),
});
export type RecipeIssue = z.infer<typeof recipeIssueSchema>;

/** What `recipe check` (and a station before it starts) finds. */
export interface RecipeCheckReport {
  /** True when no issue is an error, the layout's included (warnings allowed). */
  readonly ok: boolean;
  /** The recipe file, absolute. */
  readonly path: string;
  /** `recipeId` of the recipe; null when it was not read. */
  readonly id: string | null;
  readonly recipe: Recipe | null;
  /** The layout's own check, as `check` reports it; null when the recipe or the layout was not read. */
  readonly layout: LayoutCheckReport | null;
  readonly issues: RecipeIssue[];
}
