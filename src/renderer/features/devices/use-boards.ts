import { useEffect, useState } from 'react';
import type { BoardSummary } from '../../../shared/contract';
import { useClient } from '../../transport/client-context';

export interface BoardsState {
  /** In the server's order (by slot): drawn as given, never re-sorted here. */
  readonly boards: readonly BoardSummary[];
  readonly loaded: boolean;
  readonly error: string | null;
}

/** The live board list: `boards.list` once, then every `boards.changed` (which wins over a late answer). */
export function useBoards(): BoardsState {
  const client = useClient();
  const [state, setState] = useState<BoardsState>({ boards: [], loaded: false, error: null });
  useEffect(() => {
    let live = true;
    let changed = false;
    const stop = client.on('boards.changed', ({ boards }) => {
      changed = true;
      setState({ boards, loaded: true, error: null });
    });
    client.request('boards.list', {}).then(
      ({ boards }) => live && !changed && setState({ boards, loaded: true, error: null }),
      (error: unknown) => live && !changed && setState({ boards: [], loaded: true, error: String(error) }),
    );
    return () => {
      live = false;
      stop();
    };
  }, [client]);
  return state;
}
