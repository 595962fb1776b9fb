import { useEffect, useState } from 'react';
import type { LayoutCheckReport } from '../../../shared/layout';
import { useClient } from '../../transport/client-context';

type Digest =
  | { readonly state: 'reading' }
  | { readonly state: 'read'; readonly sha256: string }
  | { readonly state: 'unreadable' };

/** The layout file's SHA-256 (`layout.digest`), read again each time the layout is opened or checked. */
function useLayoutDigest(report: LayoutCheckReport): Digest {
  const client = useClient();
  // The answer is kept with the report it was asked for: a newer report reads as 'reading' until its own.
  const [answer, setAnswer] = useState<{ for: LayoutCheckReport; digest: Digest } | null>(null);
  useEffect(() => {
    let live = true;
    client.request('layout.digest', { path: report.layout.path }).then(
      ({ sha256 }) => live && setAnswer({ for: report, digest: { state: 'read', sha256 } }),
      () => live && setAnswer({ for: report, digest: { state: 'unreadable' } }),
    );
    return () => {
      live = false;
    };
  }, [client, report]);
  return answer?.for === report ? answer.digest : { state: 'reading' };
}

/** The layout's SHA-256, once for the whole layout: a `<dt>`/`<dd>` pair of the layout's facts. */
export function LayoutDigest({ report }: { readonly report: LayoutCheckReport }) {
  const digest = useLayoutDigest(report);
  return (
    <>
      <dt>SHA-256</dt>
      <dd className={digest.state === 'read' ? 'mono layout-digest' : 'layout-digest-missing'}>
        {digest.state === 'read' ? digest.sha256 : digest.state === 'reading' ? 'reading…' : 'not readable'}
      </dd>
    </>
  );
}
