import { useCallback, useEffect, useMemo, useState } from 'react';
import type { StationView } from '../../../shared/station';
import { RemoteError } from '../../transport/contract-client';
import { useClient } from '../../transport/client-context';

export interface StationHandle {
  /** Null when the app runs without a station (or before `station.get` answers). */
  readonly view: StationView | null;
  /** When this view arrived (ms since the epoch): running tiles count their elapsed time on from it. */
  readonly receivedAt: number;
  readonly loaded: boolean;
  /** Why the last request failed (the station could not be read, or a slot not started), or null. */
  readonly error: string | null;
  /** What the last action did when it did less than asked ("no slot had a board ready"), or null. */
  readonly notice: string | null;
  readonly programAll: () => void;
  readonly programSlot: (slot: string) => void;
  readonly setAuto: (on: boolean) => void;
  /** Teach the slots (each port a board is plugged into becomes the next slot), or end teaching. */
  readonly teach: (on: boolean) => void;
}

interface Received {
  readonly view: StationView | null;
  readonly receivedAt: number;
  readonly loaded: boolean;
}

function describe(error: unknown): string {
  return error instanceof RemoteError ? `${error.data.message} ${error.data.hint}`.trim() : String(error);
}

/** The station: `station.get` once, then every `station.changed` (which wins over a late answer). */
export function useStation(): StationHandle {
  const client = useClient();
  const [received, setReceived] = useState<Received>({ view: null, receivedAt: 0, loaded: false });
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    let changed = false;
    const stop = client.on('station.changed', ({ view }) => {
      changed = true;
      setReceived({ view, receivedAt: Date.now(), loaded: true });
    });
    client.request('station.get', {}).then(
      ({ view }) => live && !changed && setReceived({ view, receivedAt: Date.now(), loaded: true }),
      (failure: unknown) => {
        if (!live || changed) return;
        setReceived({ view: null, receivedAt: Date.now(), loaded: true });
        setError(describe(failure));
      },
    );
    return () => {
      live = false;
      stop();
    };
  }, [client]);

  const programAll = useCallback(() => {
    client.request('station.programAll', {}).then(
      ({ started }) => {
        setError(null);
        setNotice(started === 0 ? 'No slot had a board ready to program.' : null);
      },
      (failure: unknown) => setError(`Program all failed: ${describe(failure)}`),
    );
  }, [client]);

  const programSlot = useCallback(
    (slot: string) => {
      client.request('station.programSlot', { slot }).then(
        ({ started }) => {
          setError(null);
          setNotice(started ? null : `${slot} did not start: it has no board ready.`);
        },
        (failure: unknown) => setError(`${slot} could not start: ${describe(failure)}`),
      );
    },
    [client],
  );

  const setAuto = useCallback(
    (on: boolean) => {
      client.request('station.setAuto', { on }).then(
        ({ auto }) => {
          setError(null);
          setReceived((previous) =>
            previous.view === null ? previous : { ...previous, view: { ...previous.view, auto } },
          );
        },
        (failure: unknown) => setError(`Auto mode was not changed: ${describe(failure)}`),
      );
    },
    [client],
  );

  const teach = useCallback(
    (on: boolean) => {
      client.request('station.teach', { on }).then(
        ({ slots }) => {
          setError(null);
          setNotice(on ? null : `${slots} slot(s) taught and written into the recipe.`);
        },
        (failure: unknown) => setError(`Teaching the slots failed: ${describe(failure)}`),
      );
    },
    [client],
  );

  return useMemo(
    () => ({ ...received, error, notice, programAll, programSlot, setAuto, teach }),
    [received, error, notice, programAll, programSlot, setAuto, teach],
  );
}
