import { z } from 'zod';

/**
 * What a run leaves behind so that it can be resumed (`program --report`, `program --resume`, the app's report and
 * its Resume button): the layout's and each image's SHA-256, the board, and which partitions were finished. One
 * shape for the CLI's report file and the app's report, defined here once.
 */

/** Bumped when a field changes meaning or goes away; new fields keep the version. */
export const runRecordVersion = 1;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const partitionId = z.number().int().min(0).max(0xff);

/** The fields both the CLI's report file and the app's report carry. */
export const runRecordFieldsSchema = z.object({
  layout: z.object({ path: z.string(), sha256 }),
  /** Every image the run had checked (boot chain and partitions), by the layout line it answers. */
  images: z.array(
    z.object({ partitionId, name: z.string(), path: z.string(), size: z.number().int().min(0), sha256 }),
  ),
  board: z.object({ serial: z.string().nullable() }).nullable(),
  /** The memory lines the run was asked to program; `finished`: written whole (in this run or one it resumed). */
  partitions: z.array(z.object({ id: partitionId, name: z.string(), finished: z.boolean() })),
});
export type RunRecordFields = z.infer<typeof runRecordFieldsSchema>;

/** The report file `program --report <file.json>` writes at the end of every run, failed or not. */
export const runRecordSchema = runRecordFieldsSchema.extend({
  kind: z.literal('stm32mp-flasher run record'),
  recordVersion: z.literal(runRecordVersion),
  generatedAt: z.string(),
  outcome: z.object({ ok: z.boolean(), code: z.string().nullable() }),
});
export type RunRecord = z.infer<typeof runRecordSchema>;

/** The ids a resumed run still has to program, in the record's order. */
export function unfinishedIds(record: Pick<RunRecordFields, 'partitions'>): number[] {
  return record.partitions.filter((partition) => !partition.finished).map((partition) => partition.id);
}
