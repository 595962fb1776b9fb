import { useEffect, useState } from 'react';
import { useClient } from '../../transport/client-context';
import type { TerminalView } from './terminal-view';

/** Text held while the display is paused, at most this much (the oldest goes first). */
export const maxHeldChars = 1 << 20;
/** Marks a held stage marker (never in console text: a NUL byte). */
export const markerTag = '\u0000';

export interface ConsoleSession {
  readonly consoleId: string | null;
  readonly warning: string | null;
  readonly closed: string | null;
}

interface Options {
  readonly view: TerminalView | null;
  readonly path: string | null;
  readonly baudRate: number;
  /** Read at each event: while paused, text is held (bounded) and written on resume. */
  readonly paused: { current: boolean };
  readonly held: { current: string[] };
}

/**
 * Opens the chosen port through the main side (which owns it), writes its history and then its
 * `console.data` into the view, and closes a serial port it opened when the choice changes.
 */
export function useConsoleSession({ view, path, baudRate, paused, held }: Options): ConsoleSession {
  const client = useClient();
  const [session, setSession] = useState<ConsoleSession>({ consoleId: null, warning: null, closed: null });
  useEffect(() => {
    if (view === null || path === null) return;
    let live = true;
    let stop: () => void = () => undefined;
    /** Set when this panel opened a serial port that was closed before: it closes it again when done. */
    let opened: string | null = null;
    const write = (text: string, marker: boolean) => {
      if (paused.current) {
        held.current.push(marker ? `${markerTag}${text}` : text);
        let size = held.current.reduce((sum, part) => sum + part.length, 0);
        while (size > maxHeldChars && held.current.length > 1) size -= held.current.shift()?.length ?? 0;
        return;
      }
      if (marker) view.writeMarker(text);
      else view.write(text);
    };
    const begin = async () => {
      const listed = await client.request('console.list', {}).catch(() => ({ ports: [] }));
      const port = listed.ports.find((each) => each.path === path);
      const answer = await client.request('console.open', { path, baudRate });
      if (answer.consoleId !== null && port?.kind === 'serial' && !port.open) opened = answer.consoleId;
      if (!live) {
        if (opened !== null)
          void client.request('console.close', { consoleId: opened }).catch(() => undefined);
        return;
      }
      setSession({
        consoleId: answer.consoleId,
        warning: answer.warning === null ? null : `${answer.warning.message} ${answer.warning.hint}`,
        closed: null,
      });
      const id = answer.consoleId;
      if (id === null) return;
      // Live text is held until the history is written, so the two arrive in order.
      let early: [string, boolean][] | null = [];
      stop = client.on('console.data', (data) => {
        if (data.consoleId !== id) return;
        if (data.kind === 'closed') {
          setSession((previous) => ({ ...previous, closed: data.text || 'The port was closed.' }));
        } else if (early !== null) early.push([data.text, data.kind === 'marker']);
        else write(data.text, data.kind === 'marker');
      });
      const history = await client.request('console.history', { consoleId: id }).catch(() => ({ text: '' }));
      if (!live) return;
      view.write(history.text);
      for (const [text, marker] of early) write(text, marker);
      early = null;
    };
    view.clear();
    begin().catch(
      (error: unknown) =>
        live &&
        setSession({
          consoleId: null,
          warning: error instanceof Error ? error.message : String(error),
          closed: null,
        }),
    );
    return () => {
      live = false;
      stop();
      if (opened !== null) void client.request('console.close', { consoleId: opened }).catch(() => undefined);
    };
  }, [client, view, path, baudRate, paused, held]);
  return session;
}
