import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { RequestOf } from '../../../shared/contract';
import type { ProgramEvent } from '../../../shared/program-events';
import { RemoteError } from '../../transport/contract-client';
import { useClient } from '../../transport/client-context';
import type { PlannedPartition } from './planned-partitions';
import { idleRun, reduceRun, type RunState } from './run-state';

interface Arrived {
  readonly event: ProgramEvent;
  readonly at: number;
}

/** Events that arrive before `program.start` answers with their run's id are held, at most this many. */
const maxEarlyEvents = 500;

export interface ProgramRun {
  readonly state: RunState;
  readonly start: (request: RequestOf<'program.start'>, plan: readonly PlannedPartition[]) => void;
  readonly cancel: () => void;
  /** Clears a finished run's result (it stays on screen until then, or until the next start). */
  readonly dismiss: () => void;
}

function describe(error: unknown): string {
  return error instanceof RemoteError ? `${error.data.message} ${error.data.hint}` : String(error);
}

/** One programming run at a time from this window: start it, follow its `program.event`s, cancel it. */
export function useProgramRun(): ProgramRun {
  const client = useClient();
  const [state, dispatch] = useReducer(reduceRun, idleRun);
  const runId = useRef<string | null>(null);
  const starting = useRef(false);
  const early = useRef(new Map<string, Arrived[]>());

  useEffect(
    () =>
      client.on('program.event', (payload) => {
        const at = Date.now();
        if (payload.runId === runId.current) {
          dispatch({ type: 'event', event: payload.event, at });
        } else if (starting.current) {
          const held = early.current.get(payload.runId) ?? [];
          if (held.length < maxEarlyEvents) held.push({ event: payload.event, at });
          early.current.set(payload.runId, held);
        }
      }),
    [client],
  );

  const start = useCallback(
    (request: RequestOf<'program.start'>, plan: readonly PlannedPartition[]) => {
      runId.current = null;
      starting.current = true;
      early.current.clear();
      dispatch({ type: 'start', boardId: request.boardId, plan, at: Date.now() });
      client.request('program.start', request).then(
        (answer) => {
          starting.current = false;
          runId.current = answer.runId;
          dispatch({ type: 'started', runId: answer.runId });
          for (const { event, at } of early.current.get(answer.runId) ?? [])
            dispatch({ type: 'event', event, at });
          early.current.clear();
        },
        (error: unknown) => {
          starting.current = false;
          early.current.clear();
          dispatch({ type: 'start-failed', message: describe(error) });
        },
      );
    },
    [client],
  );

  const cancel = useCallback(() => {
    const id = runId.current;
    if (id === null) return;
    dispatch({ type: 'cancel-requested' });
    client.request('program.cancel', { runId: id }).catch(() => undefined);
  }, [client]);

  const dismiss = useCallback(() => dispatch({ type: 'dismiss' }), []);

  return { state, start, cancel, dismiss };
}
