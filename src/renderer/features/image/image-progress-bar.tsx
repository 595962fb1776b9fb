import { ProgressBar } from '../program/progress-bar';
import { formatBytes } from './image-eligibility';

/** What `image.progress` last said: image bytes handled of all the images' bytes. */
export interface WrittenBytes {
  readonly done: number;
  readonly total: number;
}

/** The export's bar: indeterminate until main's first progress event. */
export function ImageProgressBar({ written }: { readonly written: WrittenBytes | null }) {
  const text =
    written === null
      ? 'Starting…'
      : `${formatBytes(written.done)} of ${formatBytes(written.total)} of images written`;
  return (
    <div className="image-progress">
      <ProgressBar
        label="Image written"
        done={written?.done ?? 0}
        total={written?.total ?? null}
        valueText={text}
        describedBy="image-progress-text"
      />
      <span id="image-progress-text">{text}</span>
    </div>
  );
}
