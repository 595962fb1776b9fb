import './image-export.css';
import { useEffect, useState } from 'react';
import type { ExportedImage } from '../../../shared/contract';
import type { LayoutCheckReport } from '../../../shared/layout';
import { useAppInfo } from '../../app/use-app-info';
import { useClient } from '../../transport/client-context';
import { RemoteError } from '../../transport/contract-client';
import { cardBytesOf, imageBlocker } from './image-eligibility';
import { ImageProgressBar, type WrittenBytes } from './image-progress-bar';
import { ImageResult } from './image-result';

type Step =
  | { readonly kind: 'closed' }
  | {
      readonly kind: 'asking';
      readonly exists: boolean;
      readonly error: string | null;
      readonly note?: string;
    }
  | { readonly kind: 'writing'; readonly cancelling: boolean }
  | { readonly kind: 'done'; readonly image: ExportedImage };

const cancelledNote = 'Cancelled: the partial image and its .bmap were removed.';

/** "Make SD-card image…" beside Program: asks the card size, has main write the image, shows how to use it. */
export function ImageExport({ report }: { readonly report: LayoutCheckReport | null }) {
  const client = useClient();
  const electron = useAppInfo()?.transport === 'electron';
  const [step, setStep] = useState<Step>({ kind: 'closed' });
  const [size, setSize] = useState('8');
  const [overwrite, setOverwrite] = useState(false);
  const [written, setWritten] = useState<WrittenBytes | null>(null);
  const blocker = imageBlocker(report);
  const bytes = cardBytesOf(size);
  const writing = step.kind === 'writing';

  // Progress of the export under way (main sends it while it writes, the last one before its answer).
  useEffect(() => {
    if (!writing) return undefined;
    return client.on('image.progress', ({ done, total }) => setWritten({ done, total }));
  }, [client, writing]);

  const make = () => {
    if (report === null || bytes === null) return;
    setWritten(null);
    setStep({ kind: 'writing', cancelling: false });
    client.request('image.export', { layoutPath: report.layout.path, sizeBytes: bytes, overwrite }).then(
      ({ image, cancelled }) =>
        setStep(
          image !== null
            ? { kind: 'done', image }
            : cancelled === true
              ? { kind: 'asking', exists: false, error: null, note: cancelledNote }
              : { kind: 'closed' },
        ),
      (error: unknown) => {
        const exists = error instanceof RemoteError && error.data.code === 'IMAGE_OUTPUT_EXISTS';
        const text =
          error instanceof RemoteError ? `${error.data.message} ${error.data.hint}` : String(error);
        setStep({ kind: 'asking', exists, error: text });
      },
    );
  };

  const cancel = () => {
    if (!writing) return setStep({ kind: 'closed' });
    setStep({ kind: 'writing', cancelling: true });
    // The export's own answer (cancelled: true) moves the dialog on; a failure here leaves it writing.
    client.request('image.cancel', {}).catch(() => setStep({ kind: 'writing', cancelling: false }));
  };

  return (
    <div className="image-export">
      <button
        type="button"
        className="secondary"
        disabled={blocker !== null || writing}
        title={blocker ?? undefined}
        onClick={() => setStep({ kind: 'asking', exists: false, error: null })}
      >
        Make SD-card image…
      </button>
      {(step.kind === 'asking' || step.kind === 'writing') && (
        <div role="dialog" aria-labelledby="image-export-title" className="image-export-dialog">
          <h3 id="image-export-title">Make an SD-card image</h3>
          <label>
            Card size (GiB){' '}
            <input type="text" inputMode="decimal" value={size} onChange={(e) => setSize(e.target.value)} />
          </label>
          <p>
            {electron
              ? 'You choose where to save it in the next dialog; its .bmap is written beside it.'
              : 'In the browser the image is written next to the layout, named after it (.img), with its .bmap beside it.'}
          </p>
          {step.kind === 'asking' && step.error !== null && <p role="alert">{step.error}</p>}
          {step.kind === 'asking' && step.note !== undefined && <p role="status">{step.note}</p>}
          {step.kind === 'asking' && step.exists && (
            <label>
              <input type="checkbox" checked={overwrite} onChange={(e) => setOverwrite(e.target.checked)} />{' '}
              Replace the existing image
            </label>
          )}
          {writing && (
            <>
              <p aria-live="polite">{step.cancelling ? 'Cancelling…' : 'Writing the image…'}</p>
              <ImageProgressBar written={written} />
            </>
          )}
          <button type="button" disabled={bytes === null || writing} onClick={make}>
            Make image
          </button>
          <button
            type="button"
            className="secondary"
            disabled={step.kind === 'writing' && step.cancelling}
            onClick={cancel}
          >
            Cancel
          </button>
        </div>
      )}
      {step.kind === 'done' && (
        <>
          <ImageProgressBar written={written} />
          <ImageResult image={step.image} />
        </>
      )}
    </div>
  );
}
