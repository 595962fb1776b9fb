import type { Soc } from '../../../shared/board';
import type { ProgramFailureCode, ResultEvent } from '../../../shared/program-events';
import { programEventSchemaVersion } from '../../../shared/program-events';
import { diagnose } from './diagnosis';
import { SessionFailure } from './session-failure';

export interface FailureResultOptions {
  readonly hints?: readonly string[];
  readonly platform?: NodeJS.Platform;
  readonly soc?: Soc | null;
}

/**
 * The result of a run that ended before any board was reached (an invalid layout, no board, a busy board): the
 * same shape and the same diagnosis a session's own failure has, from the one place every front end uses.
 */
export function failureResult(
  code: ProgramFailureCode,
  message: string,
  options: FailureResultOptions = {},
): ResultEvent {
  const diagnosis = diagnose({
    failure: new SessionFailure(code, message),
    consoleLines: null,
    warnings: [],
    platform: options.platform ?? process.platform,
    soc: options.soc ?? null,
  });
  return {
    schemaVersion: programEventSchemaVersion,
    type: 'result',
    ok: false,
    code,
    warnings: [],
    partitions: [],
    hints: options.hints === undefined ? diagnosis.hints : [...options.hints],
    message,
    consoleLines: [],
    elapsedMs: 0,
  };
}
