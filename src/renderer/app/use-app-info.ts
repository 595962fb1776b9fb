import { useEffect, useState } from 'react';
import type { ResponseOf } from '../../shared/contract';
import { useClient } from '../transport/client-context';

export type AppInfo = ResponseOf<'app.info'>;

export function useAppInfo(): AppInfo | null {
  const client = useClient();
  const [info, setInfo] = useState<AppInfo | null>(null);
  useEffect(() => {
    let live = true;
    client.request('app.info', {}).then(
      (value) => live && setInfo(value),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client]);
  return info;
}
