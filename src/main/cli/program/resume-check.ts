import type { ErrorCode } from '../../../shared/errors';
import type { RunRecord } from '../../../shared/run-record';
import { unfinishedIds } from '../../../shared/run-record';
import { readImageIdentity } from '../../engine/image/image-identity';
import type { SessionPlan } from '../../engine/session/session-plan';
import { readRunRecord } from './run-record-file';

/** Why a resume does not go ahead, with its code from the error catalog. */
export interface ResumeRefusal {
  readonly kind: 'refused';
  readonly code: Extract<ErrorCode, `RESUME_${string}`>;
  readonly message: string;
}

/** What `program --resume` found before any board is used. */
export type ResumeStart =
  | ResumeRefusal
  | { readonly kind: 'nothing'; readonly message: string }
  | {
      readonly kind: 'resume';
      readonly record: RunRecord;
      readonly layoutPath: string;
      readonly layoutSha256: string;
      /** The partitions still to program (the `--only` of the resumed run). */
      readonly only: readonly number[];
      /** One line per partition left out, saying why. */
      readonly skipped: readonly string[];
    };

const hex2 = (id: number): string => `0x${id.toString(16).padStart(2, '0')}`;

/**
 * Reads the report and holds the layout to it (`RESUME_LAYOUT_CHANGED` naming the file); says which partitions
 * are still to program, or that none is.
 */
export async function startResume(reportPath: string, layoutPath: string | undefined): Promise<ResumeStart> {
  const record = await readRunRecord(reportPath);
  if (typeof record === 'string')
    return { kind: 'refused', code: 'RESUME_REPORT_UNREADABLE', message: record };
  const layout = layoutPath ?? record.layout.path;
  let sha256: string;
  try {
    sha256 = (await readImageIdentity(layout)).sha256;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { kind: 'refused', code: 'RESUME_LAYOUT_CHANGED', message: `${layout} cannot be read: ${why}` };
  }
  if (sha256 !== record.layout.sha256)
    return {
      kind: 'refused',
      code: 'RESUME_LAYOUT_CHANGED',
      message: `${layout} changed since the reported run (SHA-256 ${record.layout.sha256.slice(0, 12)}… → ${sha256.slice(0, 12)}…)`,
    };
  const only = unfinishedIds(record);
  if (only.length === 0)
    return {
      kind: 'nothing',
      message: `Nothing to resume: the run in ${reportPath} finished every partition it was asked to program.`,
    };
  const skipped = record.partitions
    .filter((partition) => partition.finished)
    .map(
      (partition) => `Skipping ${hex2(partition.id)} ${partition.name}: finished by the run in ${reportPath}`,
    );
  return { kind: 'resume', record, layoutPath: layout, layoutSha256: sha256, only, skipped };
}

/**
 * Holds every image of the record to its SHA-256: those the resumed run sends as its plan read them, the finished
 * ones read again (a finished partition holds the reported image; a changed file would leave a mix).
 */
export async function checkResumedImages(
  record: RunRecord,
  plan: SessionPlan,
): Promise<ResumeRefusal | null> {
  for (const image of record.images) {
    const planned = plan.hostLoaded.get(image.partitionId) ?? plan.written.get(image.partitionId);
    let current: { path: string; sha256: string };
    try {
      current = planned?.identity ?? (await readImageIdentity(image.path));
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return {
        kind: 'refused',
        code: 'RESUME_IMAGE_CHANGED',
        message: `${image.path} cannot be read: ${why}`,
      };
    }
    if (current.sha256 !== image.sha256)
      return {
        kind: 'refused',
        code: 'RESUME_IMAGE_CHANGED',
        message: `${current.path} (${hex2(image.partitionId)} ${image.name}) changed since the reported run (SHA-256 ${image.sha256.slice(0, 12)}… → ${current.sha256.slice(0, 12)}…)`,
      };
  }
  return null;
}
