import { useCallback, useEffect, useState } from 'react';
import type { LayoutCheckReport } from '../../../shared/layout';
import { RemoteError } from '../../transport/contract-client';
import { useClient } from '../../transport/client-context';

export interface LayoutState {
  readonly report: LayoutCheckReport | null;
  readonly busy: boolean;
  /** Why the last open failed to run at all (a problem in the file is in `report.issues`). */
  readonly failure: string | null;
  /** Opens a layout; `binariesDir` overrides the folder its binaries are searched in. */
  readonly open: (path: string, binariesDir?: string) => void;
  /** The desktop's file dialog, then open what was chosen. */
  readonly choose: () => void;
}

/** The app's current layout: the one given at start, then whatever `layout.open` makes current. */
export function useLayout(): LayoutState {
  const client = useClient();
  const [report, setReport] = useState<LayoutCheckReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const stop = client.on('layout.changed', (change) => setReport(change.report));
    client.request('layout.current', {}).then(
      (current) => live && current.report !== null && setReport(current.report),
      () => undefined,
    );
    return () => {
      live = false;
      stop();
    };
  }, [client]);

  const open = useCallback(
    (path: string, binariesDir?: string) => {
      setBusy(true);
      setFailure(null);
      client
        .request('layout.open', binariesDir === undefined ? { path } : { path, binariesDir })
        .then(setReport, (error: unknown) =>
          setFailure(
            error instanceof RemoteError ? `${error.data.message} ${error.data.hint}` : String(error),
          ),
        )
        .finally(() => setBusy(false));
    },
    [client],
  );

  const choose = useCallback(() => {
    client.request('layout.choose', {}).then(
      ({ path }) => path !== null && open(path),
      (error: unknown) => setFailure(error instanceof RemoteError ? error.data.message : String(error)),
    );
  }, [client, open]);

  return { report, busy, failure, open, choose };
}
