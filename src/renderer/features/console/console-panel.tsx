import { useCallback, useRef, useState, type FormEvent } from 'react';
import { offerDownload } from '../../app/offer-download';
import { useSettings } from '../settings/settings-context';
import type { TerminalView } from './terminal-view';
import { markerTag, useConsoleSession } from './use-console-session';
import { autoPort, useConsolePorts } from './use-console-ports';
import { createXtermView } from './xterm-view';

const baudRates = [9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600, 1500000, 2000000] as const;

interface Props {
  /** Changes when the board list changes: a new virtual board brings a new console. */
  readonly refreshKey: unknown;
}

/** The board's UART, in the same window: port, baud, and an xterm.js display with pause, search and save. */
export function ConsolePanel({ refreshKey }: Props) {
  const { settings } = useSettings();
  const { ports, loaded, refresh } = useConsolePorts(refreshKey);
  const [chosen, setChosen] = useState<string | null>(null);
  const [baudChoice, setBaudChoice] = useState<number | null>(null);
  const [paused, setPaused] = useState(false);
  const [follow, setFollow] = useState(true);
  const [term, setTerm] = useState('');
  const [found, setFound] = useState<boolean | null>(null);
  const [view, setView] = useState<TerminalView | null>(null);
  const pausedRef = useRef(false);
  const held = useRef<string[]>([]);

  const port = ports.find((each) => each.path === chosen) ?? autoPort(ports);
  const baudRate = baudChoice ?? settings.defaultBaudRate;
  const session = useConsoleSession({ view, path: port?.path ?? null, baudRate, paused: pausedRef, held });

  // The display lives as long as its element: React 19 runs the callback ref's cleanup on unmount.
  const attach = useCallback((element: HTMLDivElement | null) => {
    if (element === null) return;
    const created = createXtermView(element);
    setView(created);
    return () => {
      setView(null);
      created.dispose();
    };
  }, []);

  const togglePause = () => {
    const next = !paused;
    pausedRef.current = next;
    setPaused(next);
    if (!next && view !== null) {
      for (const part of held.current) {
        if (part.startsWith(markerTag)) view.writeMarker(part.slice(markerTag.length));
        else view.write(part);
      }
      held.current = [];
    }
  };
  const toggleFollow = () => {
    setFollow(!follow);
    view?.setFollow(!follow);
  };
  const find = (event: FormEvent, backwards = false) => {
    event.preventDefault();
    if (view === null || term === '') return;
    setFound(backwards ? view.findPrevious(term) : view.findNext(term));
  };
  const save = () => {
    if (view === null) return;
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    offerDownload(`console-${(port?.path ?? 'console').replace(/[^\w.-]+/g, '_')}-${stamp}.log`, view.text());
  };

  return (
    <section className="panel console-panel" aria-label="UART console">
      <h2>UART console</h2>
      <div className="console-toolbar">
        <span className="toolbar-field">
          <label htmlFor="console-port">Port</label>
          <select
            id="console-port"
            value={port?.path ?? ''}
            onChange={(event) => setChosen(event.target.value === '' ? null : event.target.value)}
          >
            {port === null && (
              <option value="">{loaded ? 'No console port found' : 'Looking for ports…'}</option>
            )}
            {ports.map((each) => (
              <option key={each.path} value={each.path}>
                {each.label}
                {each.stLink ? ' (ST-Link)' : ''}
              </option>
            ))}
          </select>
        </span>
        <button type="button" className="secondary" onClick={refresh}>
          Refresh
        </button>
        <span className="toolbar-field">
          <label htmlFor="console-baud">Baud</label>
          <select
            id="console-baud"
            value={baudRate}
            disabled={port?.kind === 'virtual'}
            onChange={(event) => setBaudChoice(Number(event.target.value))}
          >
            {[...new Set([...baudRates, baudRate])]
              .sort((a, b) => a - b)
              .map((rate) => (
                <option key={rate} value={rate}>
                  {rate}
                </option>
              ))}
          </select>
        </span>
        <button type="button" className="secondary" aria-pressed={paused} onClick={togglePause}>
          {paused ? 'Resume' : 'Pause'}
        </button>
        <button type="button" className="secondary" aria-pressed={follow} onClick={toggleFollow}>
          Auto-scroll
        </button>
        <button type="button" className="secondary" onClick={() => view?.clear()}>
          Clear
        </button>
        <button type="button" className="secondary" onClick={save}>
          Save…
        </button>
      </div>
      <form
        className="console-search"
        onSubmit={(event) => find(event)}
        role="search"
        aria-label="Search the console"
      >
        <label htmlFor="console-search">Find</label>
        <input
          id="console-search"
          type="search"
          value={term}
          onChange={(event) => {
            setTerm(event.target.value);
            setFound(null);
          }}
        />
        <button type="submit" className="secondary">
          Next
        </button>
        <button type="button" className="secondary" onClick={(event) => find(event, true)}>
          Previous
        </button>
        <span aria-live="polite" className="console-note">
          {found === false ? `“${term}” not found` : ''}
        </span>
      </form>
      {session.warning !== null && (
        <p role="alert" className="device-warning">
          {session.warning}
        </p>
      )}
      {session.closed !== null && <p className="console-note">{session.closed}</p>}
      {paused && <p className="console-note">Paused: new text is kept and shown when you resume.</p>}
      <div className="console-terminal" ref={attach} data-console-id={session.consoleId ?? ''} />
    </section>
  );
}
