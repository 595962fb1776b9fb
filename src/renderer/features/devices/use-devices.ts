import { useEffect, useState } from 'react';
import type { DeviceSummary } from '../../../shared/contract';
import { useClient } from '../../transport/client-context';

export interface DevicesState {
  readonly devices: readonly DeviceSummary[];
  readonly loaded: boolean;
  readonly error: string | null;
}

/** The live device list: `devices.list` once, then every `devices.changed`. */
export function useDevices(): DevicesState {
  const client = useClient();
  const [state, setState] = useState<DevicesState>({ devices: [], loaded: false, error: null });
  useEffect(() => {
    let live = true;
    const stop = client.on('devices.changed', ({ devices }) =>
      setState({ devices, loaded: true, error: null }),
    );
    client.request('devices.list', {}).then(
      ({ devices }) => live && setState({ devices, loaded: true, error: null }),
      (error: unknown) => live && setState({ devices: [], loaded: true, error: String(error) }),
    );
    return () => {
      live = false;
      stop();
    };
  }, [client]);
  return state;
}
