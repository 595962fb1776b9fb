import type { BoardSummary } from '../../../shared/contract';
import type { LayoutCheckReport } from '../../../shared/layout';
import { useAppInfo } from '../../app/use-app-info';
import { useClient } from '../../transport/client-context';
import { useSettings } from '../settings/settings-context';
import { buildRunReport, type LayoutIdentity, type RunReport } from './run-report';
import { collectRecordFields } from './run-record-fields';
import type { RunState } from './run-state';

/** What a run was started with, kept for its report even if the selection changes afterwards. */
export interface StartedWith {
  readonly board: BoardSummary;
  readonly layoutPath: string;
  readonly skipped: readonly number[];
}

/**
 * Builds the run's report when asked (so its time and the layout's digest are those of the click), with the
 * board as it is listed now when it still is, else as it was at the start.
 */
export function useReportMaker(
  run: RunState,
  startedWith: StartedWith | null,
  board: BoardSummary | null,
  layoutReport: LayoutCheckReport | null = null,
): () => Promise<RunReport> {
  const client = useClient();
  const app = useAppInfo();
  const { settings } = useSettings();
  return async () => {
    let layout: LayoutIdentity | null = null;
    let record = null;
    if (startedWith !== null) {
      const digest = await client
        .request('layout.digest', { path: startedWith.layoutPath })
        .catch(() => null);
      layout = {
        path: startedWith.layoutPath,
        sha256: digest?.sha256 ?? null,
        bytes: digest?.bytes ?? null,
        skippedIds: startedWith.skipped,
      };
      if (layoutReport !== null && layoutReport.layout.path === startedWith.layoutPath)
        record = await collectRecordFields(
          client,
          layoutReport.layout,
          layout.sha256,
          run,
          (board ?? startedWith.board).serial,
        );
    }
    const nickname =
      board === null || board.serial === null ? null : (settings.nicknames[board.serial] ?? null);
    return buildRunReport({ run, app, board, nickname, layout, record, generatedAt: new Date() });
  };
}
