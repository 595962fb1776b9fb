import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { defaultSettings, type Settings, type SettingsState } from '../../../shared/contract';
import { RemoteError } from '../../transport/contract-client';
import { useClient } from '../../transport/client-context';

export interface SettingsHandle {
  readonly settings: Settings;
  /** Why the stored settings were replaced by the defaults at start, or null. */
  readonly notice: string | null;
  readonly reconnectTimeoutOverrideMs: number | null;
  /** Why the last change could not be stored (it still applies to this window). */
  readonly failure: string | null;
  readonly update: (patch: Partial<Settings>) => void;
}

const SettingsContext = createContext<SettingsHandle | null>(null);

const initial: SettingsState = { settings: defaultSettings, notice: null, reconnectTimeoutOverrideMs: null };

/** The app's settings from the main side (`settings.get`, `settings.changed`), changed with `settings.update`. */
export function SettingsProvider({ children }: { children: ReactNode }) {
  const client = useClient();
  const [state, setState] = useState<SettingsState>(initial);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const stop = client.on('settings.changed', (next) => setState(next));
    client.request('settings.get', {}).then(
      (next) => live && setState(next),
      () => undefined,
    );
    return () => {
      live = false;
      stop();
    };
  }, [client]);

  const update = useCallback(
    (patch: Partial<Settings>) => {
      // Applied at once in this window; the main side's answer (and `settings.changed`) then confirms it.
      setState((previous) => ({ ...previous, settings: { ...previous.settings, ...patch } }));
      client.request('settings.update', patch).then(
        (next) => {
          setFailure(null);
          setState(next);
        },
        (error: unknown) =>
          setFailure(
            error instanceof RemoteError ? `${error.data.message} ${error.data.hint}` : String(error),
          ),
      );
    },
    [client],
  );

  const handle = useMemo<SettingsHandle>(() => ({ ...state, failure, update }), [state, failure, update]);
  return <SettingsContext.Provider value={handle}>{children}</SettingsContext.Provider>;
}

export function useSettings(): SettingsHandle {
  const handle = useContext(SettingsContext);
  if (handle === null) throw new Error('useSettings outside SettingsProvider');
  return handle;
}
