import type { ReactNode } from 'react';
import type { ResultEvent, WarningEvent } from '../../../shared/program-events';
import { formatDuration } from '../../app/format-duration';
import type { PartitionRun } from './run-state';

interface Props {
  readonly result: ResultEvent;
  readonly partitions: readonly PartitionRun[];
  readonly warnings: readonly WarningEvent[];
  /** The report buttons. */
  readonly children?: ReactNode;
}

const defaultNextStep =
  'Set the boot switches to boot from the memory you programmed (on a DK1/DK2 for the SD card: both BOOT switches on), then press the reset button.';

function names(partitions: readonly PartitionRun[]): string {
  return partitions.map((partition) => partition.name).join(', ');
}

function Warnings({ warnings }: { warnings: readonly WarningEvent[] }) {
  if (warnings.length === 0) return null;
  return (
    <ul className="result-warnings" aria-label="Warnings">
      {warnings.map((warning) => (
        <li key={warning.code} className="issue">
          <strong>{warning.code}</strong>: {warning.message}{' '}
          <span className="issue-hint">{warning.hint}</span>
        </li>
      ))}
    </ul>
  );
}

/** How the run ended: `role="status"` on success, `role="alert"` on failure, with what to do next. */
export function ResultBanner({ result, partitions, warnings, children }: Props) {
  const written = partitions.filter((partition) => partition.status === 'written');
  const notWritten = partitions.filter((partition) => partition.status !== 'written');
  if (result.ok) {
    const next = result.hints.length > 0 ? result.hints : [defaultNextStep];
    return (
      <div role="status" className="result result-ok">
        <h3>
          Programmed: {written.length} {written.length === 1 ? 'partition' : 'partitions'} written in{' '}
          {formatDuration(result.elapsedMs)}
        </h3>
        <Warnings warnings={warnings} />
        <p className="result-label">Next step</p>
        <ol className="result-hints">
          {next.map((hint) => (
            <li key={hint}>{hint}</li>
          ))}
        </ol>
        {children}
      </div>
    );
  }
  const cancelled = result.code === 'CANCELLED';
  return (
    <div role="alert" className="result result-failed">
      <h3>
        {cancelled ? 'Programming cancelled' : 'Programming failed'}
        {result.code !== null && !cancelled && (
          <>
            : <code className="result-code">{result.code}</code>
          </>
        )}
      </h3>
      {result.message !== null && <p>{result.message}</p>}
      <p>
        {written.length === 0 ? 'No partition was written.' : `Written: ${names(written)}.`}
        {notWritten.length > 0 && written.length > 0 && ` Not written: ${names(notWritten)}.`}
      </p>
      <Warnings warnings={warnings} />
      {result.hints.length > 0 && (
        <>
          <p className="result-label">{cancelled ? 'Next step' : 'What to try, most likely first'}</p>
          <ol className="result-hints">
            {result.hints.map((hint) => (
              <li key={hint}>{hint}</li>
            ))}
          </ol>
        </>
      )}
      {result.consoleLines.length > 0 && (
        <>
          <p className="result-label" id="result-console-label">
            Last console lines
          </p>
          <pre className="result-console mono" aria-labelledby="result-console-label" tabIndex={0}>
            {result.consoleLines.join('\n')}
          </pre>
        </>
      )}
      {children}
    </div>
  );
}
