import './image-export.css';
import { useState } from 'react';
import type { ExportedImage } from '../../../shared/contract';
import type { LayoutCheckReport } from '../../../shared/layout';
import { useAppInfo } from '../../app/use-app-info';
import { useClient } from '../../transport/client-context';
import { RemoteError } from '../../transport/contract-client';
import { cardBytesOf, imageBlocker } from './image-eligibility';
import { ImageResult } from './image-result';

type Step =
  | { readonly kind: 'closed' }
  | { readonly kind: 'asking'; readonly exists: boolean; readonly error: string | null }
  | { readonly kind: 'writing' }
  | { readonly kind: 'done'; readonly image: ExportedImage };

/** "Make SD-card image…" beside Program: asks the card size, has main write the image, shows how to use it. */
export function ImageExport({ report }: { readonly report: LayoutCheckReport | null }) {
  const client = useClient();
  const electron = useAppInfo()?.transport === 'electron';
  const [step, setStep] = useState<Step>({ kind: 'closed' });
  const [size, setSize] = useState('8');
  const [overwrite, setOverwrite] = useState(false);
  const blocker = imageBlocker(report);
  const bytes = cardBytesOf(size);

  const make = () => {
    if (report === null || bytes === null) return;
    setStep({ kind: 'writing' });
    client.request('image.export', { layoutPath: report.layout.path, sizeBytes: bytes, overwrite }).then(
      ({ image }) => setStep(image === null ? { kind: 'closed' } : { kind: 'done', image }),
      (error: unknown) => {
        const exists = error instanceof RemoteError && error.data.code === 'IMAGE_OUTPUT_EXISTS';
        const text =
          error instanceof RemoteError ? `${error.data.message} ${error.data.hint}` : String(error);
        setStep({ kind: 'asking', exists, error: text });
      },
    );
  };

  return (
    <div className="image-export">
      <button
        type="button"
        className="secondary"
        disabled={blocker !== null || step.kind === 'writing'}
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
          {step.kind === 'asking' && step.exists && (
            <label>
              <input type="checkbox" checked={overwrite} onChange={(e) => setOverwrite(e.target.checked)} />{' '}
              Replace the existing image
            </label>
          )}
          {step.kind === 'writing' && <p aria-live="polite">Writing the image…</p>}
          <button type="button" disabled={bytes === null || step.kind === 'writing'} onClick={make}>
            Make image
          </button>
          <button type="button" className="secondary" onClick={() => setStep({ kind: 'closed' })}>
            Cancel
          </button>
        </div>
      )}
      {step.kind === 'done' && <ImageResult image={step.image} />}
    </div>
  );
}
