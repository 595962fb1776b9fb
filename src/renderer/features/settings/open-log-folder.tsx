import { useState } from 'react';
import { RemoteError } from '../../transport/contract-client';
import { useClient } from '../../transport/client-context';

type Outcome =
  | { readonly kind: 'opened'; readonly folder: string }
  | { readonly kind: 'path'; readonly folder: string }
  | { readonly kind: 'failed'; readonly text: string };

/**
 * "Open log folder" (`app.openLogFolder`): the desktop app opens it in the file manager; the browser shell
 * answers the folder's path on the server, shown here to copy.
 */
export function OpenLogFolder() {
  const client = useClient();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const open = () => {
    client.request('app.openLogFolder', {}).then(
      ({ folder, opened }) => setOutcome({ kind: opened ? 'opened' : 'path', folder }),
      (failure: unknown) =>
        setOutcome({
          kind: 'failed',
          text:
            failure instanceof RemoteError
              ? `${failure.data.message} ${failure.data.hint}`.trim()
              : String(failure),
        }),
    );
  };
  return (
    <div className="open-log-folder">
      <button type="button" className="secondary" onClick={open}>
        Open log folder
      </button>
      <p className="settings-note" role="status">
        {outcome?.kind === 'opened' && <>Opened {outcome.folder}</>}
        {outcome?.kind === 'path' && (
          <>
            The log file is in <span className="mono">{outcome.folder}</span> on the computer that runs the
            server.
          </>
        )}
        {outcome?.kind === 'failed' && outcome.text}
      </p>
    </div>
  );
}
