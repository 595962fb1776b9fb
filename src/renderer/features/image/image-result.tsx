import type { ExportedImage } from '../../../shared/contract';
import { formatBytes } from './image-eligibility';

/** The image made: its paths, sizes, and how to write it onto a card. */
export function ImageResult({ image }: { readonly image: ExportedImage }) {
  return (
    <div className="image-result" role="status">
      <p>SD-card image of {image.device} written.</p>
      <dl>
        <dt>Image</dt>
        <dd className="mono">{image.outputPath}</dd>
        <dt>Block map</dt>
        <dd className="mono">{image.bmapPath}</dd>
        <dt>Size</dt>
        <dd>
          {formatBytes(image.bytes)} ({formatBytes(image.mappedBytes)} of data)
        </dd>
      </dl>
      <p>Write it onto a card (replace /dev/sdX with the card’s device):</p>
      <pre className="mono">{`bmaptool copy ${image.outputPath} /dev/sdX`}</pre>
      <pre className="mono">{`dd if=${image.outputPath} of=/dev/sdX bs=4M conv=fsync status=progress`}</pre>
    </div>
  );
}
