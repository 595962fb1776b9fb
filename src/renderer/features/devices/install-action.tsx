import { useState } from 'react';
import { RemoteError } from '../../transport/contract-client';

/** Where a one-click install (the udev rule, ST's DFU driver) stands: not started, running, its result, or failed. */
export type InstallShown<R> =
  | { readonly kind: 'idle' | 'running' }
  | { readonly kind: 'done'; readonly result: R }
  | { readonly kind: 'error'; readonly text: string };

/** Runs `request` on click, once at a time from the button's point of view, and keeps what came of it. */
export function useInstallAction<R>(request: () => Promise<R>): {
  readonly shown: InstallShown<R>;
  readonly install: () => void;
} {
  const [shown, setShown] = useState<InstallShown<R>>({ kind: 'idle' });
  const install = () => {
    setShown({ kind: 'running' });
    request().then(
      (result) => setShown({ kind: 'done', result }),
      (error: unknown) =>
        setShown({
          kind: 'error',
          text: error instanceof RemoteError ? `${error.data.message} ${error.data.hint}` : String(error),
        }),
    );
  };
  return { shown, install };
}

/** What came of an install: its outcome in words (a failure with the command's output), or the request's error. */
export function InstallOutcome<O extends string>({
  shown,
  outcomeText,
}: {
  readonly shown: InstallShown<{ readonly outcome: O; readonly output: string }>;
  readonly outcomeText: Record<O, string>;
}) {
  return (
    <>
      {shown.kind === 'done' && (
        <div role="status">
          <p>{outcomeText[shown.result.outcome]}</p>
          {shown.result.outcome === 'failed' && <pre className="mono fix-snippet">{shown.result.output}</pre>}
        </div>
      )}
      {shown.kind === 'error' && <p role="alert">{shown.text}</p>}
    </>
  );
}
