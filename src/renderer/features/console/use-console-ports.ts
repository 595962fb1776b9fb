import { useCallback, useEffect, useState } from 'react';
import type { ConsolePort } from '../../../shared/contract';
import { useClient } from '../../transport/client-context';

export interface ConsolePorts {
  readonly ports: readonly ConsolePort[];
  readonly loaded: boolean;
  readonly refresh: () => void;
}

/** The ports a console can be read from: serial ports (ST-Link first) and virtual boards' UARTs. */
export function useConsolePorts(refreshKey: unknown): ConsolePorts {
  const client = useClient();
  const [ports, setPorts] = useState<readonly ConsolePort[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [asked, setAsked] = useState(0);
  useEffect(() => {
    let live = true;
    client.request('console.list', {}).then(
      (answer) => {
        if (!live) return;
        setPorts(answer.ports);
        setLoaded(true);
      },
      () => live && setLoaded(true),
    );
    return () => {
      live = false;
    };
  }, [client, refreshKey, asked]);
  const refresh = useCallback(() => setAsked((count) => count + 1), []);
  return { ports, loaded, refresh };
}

/** The port to show when the user has not chosen one: an ST-Link's virtual COM port, else a virtual board's. */
export function autoPort(ports: readonly ConsolePort[]): ConsolePort | null {
  return ports.find((port) => port.stLink) ?? ports.find((port) => port.kind === 'virtual') ?? null;
}
