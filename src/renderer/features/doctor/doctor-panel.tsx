import { useState, type DragEvent } from 'react';
import type { DoctorReport } from '../../../shared/contract';
import { RemoteError } from '../../transport/contract-client';
import { useClient } from '../../transport/client-context';
import { DoctorResult } from './doctor-result';

/** A dropped file's text into a textarea (the first file of the drop). */
function dropInto(set: (text: string) => void) {
  return (event: DragEvent<HTMLTextAreaElement>) => {
    const file = event.dataTransfer.files[0];
    if (file === undefined) return;
    event.preventDefault();
    void file.text().then(set);
  };
}

/**
 * "Log doctor": a pasted or dropped programming log (CubeProgrammer, dfu-util, `program --log`), and the board's
 * UART log beside it, diagnosed by the main side (`doctor.read`) with the engine's own diagnosis.
 */
export function DoctorPanel() {
  const client = useClient();
  const [text, setText] = useState('');
  const [uartText, setUartText] = useState('');
  const [report, setReport] = useState<DoctorReport | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const diagnose = () => {
    setBusy(true);
    setFailure(null);
    client
      .request('doctor.read', uartText.trim() === '' ? { text } : { text, uartText })
      .then(setReport, (error: unknown) => {
        setReport(null);
        setFailure(
          error instanceof RemoteError ? `${error.data.message} ${error.data.hint}`.trim() : String(error),
        );
      })
      .finally(() => setBusy(false));
  };
  return (
    <section className="panel doctor-panel" aria-labelledby="doctor-heading">
      <details>
        <summary>
          <h2 id="doctor-heading">Log doctor</h2>
        </summary>
        <p className="settings-note">
          Paste or drop a failed programming log (STM32CubeProgrammer, dfu-util, or this app’s run log), and
          the board’s UART log if you have it: the doctor says why it failed.
        </p>
        <label htmlFor="doctor-log">Programming log</label>
        <textarea
          id="doctor-log"
          className="mono"
          rows={8}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onDragOver={(event) => event.preventDefault()}
          onDrop={dropInto(setText)}
        />
        <label htmlFor="doctor-uart">Board’s UART log (optional)</label>
        <textarea
          id="doctor-uart"
          className="mono"
          rows={4}
          value={uartText}
          onChange={(event) => setUartText(event.target.value)}
          onDragOver={(event) => event.preventDefault()}
          onDrop={dropInto(setUartText)}
        />
        <button type="button" onClick={diagnose} disabled={busy || text.trim() === ''}>
          Diagnose
        </button>
        {failure !== null && <p role="alert">{failure}</p>}
        {report !== null && <DoctorResult report={report} />}
      </details>
    </section>
  );
}
