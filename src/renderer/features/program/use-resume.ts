import { useEffect, useState } from 'react';
import type { LayoutCheckReport } from '../../../shared/layout';
import { useClient } from '../../transport/client-context';
import type { RunState } from './run-state';
import type { StartedWith } from './use-report-maker';

/**
 * The partitions a resumed run leaves out: those the run was started without, and the memory lines it wrote
 * whole (the boot images are sent again by every run: the board starts from its ROM). Null when the run finished
 * every memory line it was asked to program (nothing to resume) or the layout open now is not the run's.
 */
export function resumeSkip(
  run: RunState,
  startedWith: StartedWith | null,
  report: LayoutCheckReport | null,
): number[] | null {
  if (startedWith === null || report === null || report.layout.path !== startedWith.layoutPath) return null;
  const memoryIds = new Set(
    report.layout.partitions.flatMap((line) => (line.ip === 'none' || line.id === null ? [] : [line.id])),
  );
  const written = run.partitions
    .filter((partition) => partition.status === 'written' && memoryIds.has(partition.id))
    .map((partition) => partition.id);
  const unfinished = run.partitions.filter(
    (partition) => partition.status !== 'written' && memoryIds.has(partition.id),
  );
  if (unfinished.length === 0) return null;
  return [...new Set([...startedWith.skipped, ...written])];
}

export interface ResumeOffer {
  /** The ids a resume skips, or null when there is nothing to resume. */
  readonly skip: readonly number[] | null;
  /** Why the last Resume click started nothing (the layout changed), else null. */
  readonly problem: string | null;
  /** Checks that the layout is still the run's (its SHA-256), then calls `start` with the ids to skip. */
  readonly resume: (start: (skip: readonly number[]) => void) => void;
}

/**
 * The failure card's Resume: the layout's digest is taken when a run starts, and compared again on the click, so a
 * layout changed since (`layout.digest`) is refused instead of half-programmed with other offsets.
 */
export function useResume(
  run: RunState,
  startedWith: StartedWith | null,
  report: LayoutCheckReport | null,
): ResumeOffer {
  const client = useClient();
  const [baseline, setBaseline] = useState<{ of: StartedWith; sha256: string | null } | null>(null);
  const [problem, setProblem] = useState<{ of: StartedWith; text: string } | null>(null);
  useEffect(() => {
    if (startedWith === null) return;
    let current = true;
    client
      .request('layout.digest', { path: startedWith.layoutPath })
      .then(
        (digest) => digest.sha256,
        () => null,
      )
      .then((sha256) => {
        if (current) setBaseline({ of: startedWith, sha256 });
      });
    return () => {
      current = false;
    };
  }, [client, startedWith]);
  const skip =
    run.phase === 'finished' && run.result?.ok === false ? resumeSkip(run, startedWith, report) : null;
  const resume = (start: (skip: readonly number[]) => void): void => {
    if (skip === null || startedWith === null) return;
    const before = baseline?.of === startedWith ? baseline.sha256 : null;
    const changed = `${startedWith.layoutPath} changed since this run (or cannot be read): program the whole layout again.`;
    client.request('layout.digest', { path: startedWith.layoutPath }).then(
      (digest) => {
        if (before === null || digest.sha256 !== before) setProblem({ of: startedWith, text: changed });
        else start(skip);
      },
      () => setProblem({ of: startedWith, text: changed }),
    );
  };
  return { skip, problem: problem?.of === startedWith ? problem.text : null, resume };
}
