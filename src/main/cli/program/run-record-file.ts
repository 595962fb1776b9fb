import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { ResultEvent } from '../../../shared/program-events';
import type { RunRecord } from '../../../shared/run-record';
import { runRecordSchema, runRecordVersion } from '../../../shared/run-record';
import type { SessionPlan } from '../../engine/session/session-plan';

/** What one run knows when it ends, for its record. */
export interface RecordInput {
  readonly layoutPath: string;
  readonly layoutSha256: string;
  readonly plan: SessionPlan;
  readonly result: ResultEvent;
  readonly serial: string | null;
  /** A resumed run: the record it resumed (its finished partitions and their images stay finished). */
  readonly resumed: RunRecord | null;
  readonly now: Date;
}

/** The record of a run: this run's images and partitions, over the finished ones of the run it resumed. */
export function buildRunRecord(input: RecordInput): RunRecord {
  const { plan, result, resumed } = input;
  const planned = [...plan.hostLoaded.values(), ...plan.written.values()];
  const images = planned.flatMap((image) =>
    image.identity === undefined
      ? []
      : [
          {
            partitionId: image.id,
            name: image.name,
            path: image.identity.path,
            size: image.identity.size,
            sha256: image.identity.sha256,
          },
        ],
  );
  const written = new Set(
    result.partitions.filter((partition) => partition.status === 'written').map((partition) => partition.id),
  );
  const thisRun = [...plan.written.values()].map((image) => ({
    id: image.id,
    name: image.name,
    finished: written.has(image.id),
  }));
  const carried = (resumed?.partitions ?? []).filter((partition) => !plan.written.has(partition.id));
  const carriedImages = (resumed?.images ?? []).filter(
    (image) => !images.some((own) => own.partitionId === image.partitionId),
  );
  const order = (resumed?.partitions ?? []).map((partition) => partition.id);
  const rank = (id: number): number => (order.includes(id) ? order.indexOf(id) : order.length + id);
  return {
    kind: 'stm32mp-flasher run record',
    recordVersion: runRecordVersion,
    generatedAt: input.now.toISOString(),
    layout: { path: input.layoutPath, sha256: input.layoutSha256 },
    images: [...images, ...carriedImages],
    board: { serial: input.serial },
    partitions: [...carried, ...thisRun].sort((a, b) => rank(a.id) - rank(b.id)),
    outcome: { ok: result.ok, code: result.code },
  };
}

/** Writes the record whole or not at all: a temporary file beside it, renamed over it. */
export async function writeRunRecord(file: string, record: RunRecord): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(record, null, 2)}\n`);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Reads a record back, or says why it is not one. */
export async function readRunRecord(file: string): Promise<RunRecord | string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return `${file}: ${error instanceof Error ? error.message : String(error)}`;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return `${file} is not JSON`;
  }
  const parsed = runRecordSchema.safeParse(json);
  if (!parsed.success)
    return `${file} is not a run report of this version (${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? ''})`;
  return parsed.data;
}
