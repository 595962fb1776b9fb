import { useState, type FormEvent } from 'react';
import { RemoteError } from '../../transport/contract-client';
import { useClient } from '../../transport/client-context';

/**
 * Runs this app as a factory station from a recipe (`station.open`): the recipe is checked as `recipe check`
 * does; once it runs, the station view takes the window (locked until unlocked in settings).
 */
export function OpenStationForm() {
  const client = useClient();
  const [path, setPath] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const open = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    client.request('station.open', { path: path.trim() }).then(
      () => setBusy(false),
      (failure: unknown) => {
        setBusy(false);
        setProblem(
          failure instanceof RemoteError
            ? `${failure.data.message} ${failure.data.hint}`.trim()
            : String(failure),
        );
      },
    );
  };
  return (
    <form className="open-station" onSubmit={open}>
      <label>
        Station recipe{' '}
        <input
          type="text"
          className="mono"
          value={path}
          onChange={(event) => setPath(event.target.value)}
          placeholder="/path/to/station.yaml"
          aria-describedby="open-station-note"
        />
      </label>{' '}
      <button type="submit" disabled={busy || path.trim() === ''}>
        Open station
      </button>
      <p id="open-station-note" className="settings-note">
        Runs this app as a factory station: a tile per slot of the recipe, Program all, auto mode, the station
        log.
      </p>
      {problem !== null && (
        <p role="alert" className="open-station-problem">
          {problem}
        </p>
      )}
    </form>
  );
}
