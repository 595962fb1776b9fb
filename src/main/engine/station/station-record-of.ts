import type { StationRecord } from '../../../shared/station-record';
import { stationRecordSchemaVersion } from '../../../shared/station-record';
import type { StationAttempt } from './station-runner';

/** What every record of one station run shares: who ran it, with what recipe and files. */
export interface StationRecordContext {
  readonly station: string;
  readonly recipeId: string | null;
  readonly layoutSha256: string | null;
  readonly imageSha256: Readonly<Record<string, string>>;
  readonly appVersion: string;
  /** The recipe's `verify`. */
  readonly verify?: boolean;
}

/** One attempt as the station log writes it. */
export function stationRecordOf(attempt: StationAttempt, context: StationRecordContext): StationRecord {
  const { result } = attempt;
  return {
    schemaVersion: stationRecordSchemaVersion,
    timestamp: new Date(attempt.endedAt).toISOString(),
    station: context.station,
    slot: attempt.slot.name,
    port: attempt.slot.port,
    boardId: attempt.board.id,
    serial: attempt.board.serial,
    soc: attempt.soc,
    revision: attempt.revision,
    recipeId: context.recipeId,
    layoutSha256: context.layoutSha256,
    imageSha256: { ...context.imageSha256 },
    result: result.ok ? 'PASS' : 'FAIL',
    code: result.ok ? null : (result.code ?? 'INTERNAL_ERROR'),
    hint: result.ok ? null : (result.hints[0] ?? null),
    partitions: result.partitions.map((partition) => ({
      id: partition.id,
      name: partition.name,
      bytes: partition.bytes,
      ms: Math.max(0, Math.round(attempt.partitionMs.get(partition.id) ?? 0)),
      status: partition.status,
    })),
    totalMs: Math.max(0, attempt.endedAt - attempt.startedAt),
    appVersion: context.appVersion,
    verify: verifyOutcome(result, context.verify === true),
  };
}

/** How the attempt's read-back verify ended (see `StationRecord['verify']`). */
function verifyOutcome(result: StationAttempt['result'], asked: boolean): StationRecord['verify'] {
  if (!asked) return 'off';
  if (result.code === 'VERIFY_MISMATCH') return 'failed';
  return result.ok && !result.warnings.includes('VERIFY_UNAVAILABLE') ? 'passed' : 'incomplete';
}
