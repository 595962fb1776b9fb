import type { BoardSummary } from '../../../shared/contract';
import { boardInUseHint, hostAccessFix, noDriverFix, type HostAccessFix } from '../../../shared/errors';
import { StDriverInstall } from './st-driver-install';
import { UdevRuleInstall } from './udev-rule-install';

interface Props {
  readonly board: BoardSummary;
  readonly platform: string;
}

/** Whether this computer can talk to the board, and when it cannot, what to do (per OS). */
export function BoardAccessNote({ board, platform }: Props) {
  switch (board.access) {
    case 'ok':
      return null;
    case 'reading':
      return <p className="board-access">reading…</p>;
    case 'in-use':
      return (
        <p className="device-warning" role="note">
          <strong>in use by another program</strong>: {boardInUseHint}
        </p>
      );
    case 'refused': {
      const fix = hostAccessFix(platform);
      return (
        <div className="device-warning" role="note">
          <strong>refused</strong>
          {board.accessProblem !== null && <>: {board.accessProblem}</>}
          <FixSteps fix={fix} />
          {platform === 'linux' && <UdevRuleInstall />}
        </div>
      );
    }
    case 'no-driver':
      return (
        <div className="device-warning" role="note">
          <strong>no driver</strong>
          <FixSteps fix={noDriverFix(platform)} />
          {platform === 'win32' && <StDriverInstall />}
        </div>
      );
  }
}

/** A fix: what is wrong, the steps, and the text worth copying. */
function FixSteps({ fix }: { fix: HostAccessFix }) {
  return (
    <>
      <p className="fix-summary">{fix.summary}</p>
      <ol className="fix-steps">
        {fix.steps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      {fix.snippet !== null && <pre className="mono fix-snippet">{fix.snippet}</pre>}
    </>
  );
}
