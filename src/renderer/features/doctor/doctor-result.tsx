import type { DoctorReport, DoctorRun } from '../../../shared/contract';

function RunResult({ run, title }: { run: DoctorRun; title: string | null }) {
  return (
    <article className="doctor-run" aria-label={title ?? 'Diagnosis'}>
      {title !== null && <h3>{title}</h3>}
      <p className={run.code === null ? 'doctor-ok' : 'doctor-code'}>
        {run.code === null ? <strong>OK</strong> : <strong className="mono">{run.code}</strong>} {run.message}
      </p>
      {run.warnings.length > 0 && <p className="doctor-warnings">Warnings: {run.warnings.join(', ')}</p>}
      <ol className="doctor-hints" aria-label="Hints, most likely first">
        {run.hints.map((hint) => (
          <li key={hint}>{hint}</li>
        ))}
      </ol>
      {run.quoted.length > 0 && (
        <details>
          <summary>The lines it used ({run.quoted.length})</summary>
          <pre className="mono doctor-quoted">
            {run.quoted.map((line) => `${line.file}:${line.line}: ${line.text}`).join('\n')}
          </pre>
        </details>
      )}
    </article>
  );
}

/** A doctor's report: each run's code, message, ranked hints and quoted lines, or why the log was not read. */
export function DoctorResult({ report }: { report: DoctorReport }) {
  if (!report.known)
    return (
      <div role="alert" className="doctor-unknown">
        <p>{report.message}</p>
        <ul>
          {report.formats.map((format) => (
            <li key={format}>{format}</li>
          ))}
        </ul>
      </div>
    );
  const many = report.runs.length > 1;
  return (
    <div className="doctor-result">
      {report.runs.map((run, index) => (
        // Runs have no id of their own; their order in the log is theirs.
        <RunResult key={index} run={run} title={many ? `Run ${index + 1} of ${report.runs.length}` : null} />
      ))}
    </div>
  );
}
