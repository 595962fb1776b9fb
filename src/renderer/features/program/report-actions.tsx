import { useState } from 'react';
import { copyText } from '../../app/copy-text';
import { offerDownload } from '../../app/offer-download';
import { formatRunReport, type RunReport } from './run-report';

interface Props {
  /** Built when asked, so its time and the layout's digest are those of the click. */
  readonly makeReport: () => Promise<RunReport>;
}

function fileStem(report: RunReport): string {
  const when = report.generatedAt.replace(/[:.]/g, '-');
  return `stm32mp-flasher-report-${report.board?.serial ?? 'board'}-${when}`;
}

/** Copy the run's report, or save it as text or JSON. */
export function ReportActions({ makeReport }: Props) {
  const [note, setNote] = useState<string | null>(null);
  const copy = async () => {
    const ok = await copyText(formatRunReport(await makeReport()));
    setNote(ok ? 'Report copied.' : 'Could not copy: save the report instead.');
  };
  const saveText = async () => {
    const report = await makeReport();
    offerDownload(`${fileStem(report)}.txt`, formatRunReport(report));
  };
  const saveJson = async () => {
    const report = await makeReport();
    offerDownload(`${fileStem(report)}.json`, `${JSON.stringify(report, null, 2)}\n`, 'application/json');
  };
  return (
    <div className="report-actions">
      <button type="button" className="secondary" onClick={() => void copy()}>
        Copy report
      </button>
      <button type="button" className="secondary" onClick={() => void saveText()}>
        Save report (text)
      </button>
      <button type="button" className="secondary" onClick={() => void saveJson()}>
        Save report (JSON)
      </button>
      <span aria-live="polite" className="report-note">
        {note}
      </span>
    </div>
  );
}
