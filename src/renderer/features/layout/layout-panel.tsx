import { useState, type FormEvent } from 'react';
import { PartitionTable } from './partition-table';
import { useLayout } from './use-layout';

export function LayoutPanel() {
  const { report, busy, failure, open } = useLayout();
  const [path, setPath] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (path.trim() !== '') open(path.trim());
  };
  const errors = report?.issues.filter((issue) => issue.severity === 'error').length ?? 0;
  const warnings = (report?.issues.length ?? 0) - errors;
  return (
    <section className="panel" aria-labelledby="layout-heading">
      <h2 id="layout-heading">Flash layout</h2>
      <form className="layout-form" onSubmit={submit}>
        <label htmlFor="layout-path">Layout file</label>
        <input
          id="layout-path"
          className="mono"
          value={path}
          placeholder="flashlayout_st-image-weston/FlashLayout_sdcard_stm32mp157c-dk2-trusted.tsv"
          onChange={(event) => setPath(event.target.value)}
          spellCheck={false}
        />
        <button type="submit" disabled={busy || path.trim() === ''}>
          {busy ? 'Checking…' : 'Open'}
        </button>
      </form>
      {failure !== null && <p role="alert">{failure}</p>}
      {report === null ? (
        <p className="empty-state">
          Open a FlashLayout .tsv to see its partitions and what is wrong with it.
        </p>
      ) : (
        <>
          <dl className="layout-facts">
            <dt>Layout</dt>
            <dd className="mono">{report.layout.path}</dd>
            <dt>Images from</dt>
            <dd className="mono">{report.layout.baseDir}</dd>
          </dl>
          <p role="status" className={report.ok ? 'summary-ok' : 'summary-error'}>
            {report.ok ? 'Ready to program.' : 'This layout cannot be programmed until its errors are fixed.'}{' '}
            {errors} {errors === 1 ? 'error' : 'errors'}, {warnings} {warnings === 1 ? 'warning' : 'warnings'}
            .
          </p>
          <PartitionTable report={report} />
        </>
      )}
    </section>
  );
}
