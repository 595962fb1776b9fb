import type { WarningEvent } from '../../../shared/program-events';

/** A run's warnings (each code once), with their hints. */
export function WarningList({ warnings }: { warnings: readonly WarningEvent[] }) {
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
