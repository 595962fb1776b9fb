import { useState, type FormEvent } from 'react';
import { themeChoices, type BoardSummary, type ThemeChoice } from '../../../shared/contract';
import { isReconnectTimeoutInRange, reconnectTimeout } from '../../../shared/deadlines';
import { OpenStationForm } from '../station/open-station-form';
import { OpenLogFolder } from './open-log-folder';
import { useSettings } from './settings-context';

const themeNames: Record<ThemeChoice, string> = { system: 'As the system', light: 'Light', dark: 'Dark' };

/** Reconnect timeout, default baud, theme, the station lock, recent layouts and board nicknames. */
export function SettingsPanel({ boards }: { boards: readonly BoardSummary[] }) {
  const { settings, notice, failure, reconnectTimeoutOverrideMs, update } = useSettings();
  const [timeout, setTimeoutText] = useState<string | null>(null);
  const [baud, setBaudText] = useState<string | null>(null);
  const [names, setNames] = useState<Record<string, string>>({});
  const serials = [
    ...new Set([
      ...boards.flatMap((board) => (board.serial === null ? [] : [board.serial])),
      ...Object.keys(settings.nicknames),
    ]),
  ];
  const saveNumbers = (event: FormEvent) => {
    event.preventDefault();
    const patch: { reconnectTimeoutMs?: number; defaultBaudRate?: number } = {};
    const seconds = Number(timeout ?? '');
    const ms = Math.round(seconds * 1000);
    if (timeout !== null && Number.isFinite(seconds) && isReconnectTimeoutInRange(ms))
      patch.reconnectTimeoutMs = ms;
    const rate = Number(baud ?? '');
    if (baud !== null && Number.isInteger(rate) && rate > 0 && rate <= 4_000_000)
      patch.defaultBaudRate = rate;
    update(patch);
    setTimeoutText(null);
    setBaudText(null);
  };
  const saveName = (serial: string) => {
    const name = (names[serial] ?? settings.nicknames[serial] ?? '').trim();
    const others = Object.entries(settings.nicknames).filter(([key]) => key !== serial);
    update({
      nicknames: Object.fromEntries(name === '' ? others : [...others, [serial, name.slice(0, 64)]]),
    });
  };
  return (
    <section className="panel settings-panel" aria-labelledby="settings-heading">
      {notice !== null && (
        <p role="alert" className="device-warning">
          {notice}
        </p>
      )}
      <details>
        <summary>
          <h2 id="settings-heading">Settings</h2>
        </summary>
        {failure !== null && <p role="alert">Could not store the settings: {failure}</p>}
        <form className="settings-form" onSubmit={saveNumbers}>
          <label htmlFor="reconnect-timeout">Reconnect timeout (s)</label>
          <input
            id="reconnect-timeout"
            type="number"
            min={reconnectTimeout.minMs / 1000}
            max={reconnectTimeout.maxMs / 1000}
            step={0.1}
            value={timeout ?? String(settings.reconnectTimeoutMs / 1000)}
            onChange={(event) => setTimeoutText(event.target.value)}
            aria-describedby="reconnect-timeout-note"
          />
          <span id="reconnect-timeout-note" className="settings-note">
            How long to wait for the board to come back after a stage change.
            {reconnectTimeoutOverrideMs !== null &&
              ` This app was started with --reconnect-timeout ${reconnectTimeoutOverrideMs}, which applies instead.`}
          </span>
          <label htmlFor="default-baud">Console baud rate</label>
          <input
            id="default-baud"
            type="number"
            min={1}
            step={1}
            value={baud ?? String(settings.defaultBaudRate)}
            onChange={(event) => setBaudText(event.target.value)}
          />
          <span className="settings-note">
            Used when a serial console is opened (115200 on ST&apos;s boards).
          </span>
          <button type="submit" disabled={timeout === null && baud === null}>
            Save
          </button>
        </form>
        <fieldset className="theme-choice">
          <legend>Theme</legend>
          {themeChoices.map((theme) => (
            <label key={theme}>
              <input
                type="radio"
                name="theme"
                value={theme}
                checked={settings.theme === theme}
                onChange={() => update({ theme })}
              />{' '}
              {themeNames[theme]}
            </label>
          ))}
        </fieldset>
        <h3>Station</h3>
        <label className="settings-check">
          <input
            type="checkbox"
            checked={settings.stationUnlocked}
            onChange={(event) => update({ stationUnlocked: event.target.checked })}
            aria-describedby="station-unlocked-note"
          />{' '}
          Unlock the station view
        </label>
        <p id="station-unlocked-note" className="settings-note">
          Locked, a factory station keeps its operator on the station view and its auto mode as it is.
        </p>
        <OpenStationForm />
        <h3>Board names</h3>
        {serials.length === 0 ? (
          <p className="settings-note">
            Boards you connect can be given a name here, remembered by their serial.
          </p>
        ) : (
          <ul className="nickname-list">
            {serials.map((serial) => (
              <li key={serial}>
                <form
                  className="inline-form"
                  onSubmit={(event) => {
                    event.preventDefault();
                    saveName(serial);
                  }}
                >
                  <label htmlFor={`nickname-${serial}`} className="mono">
                    {serial}
                  </label>
                  <input
                    id={`nickname-${serial}`}
                    maxLength={64}
                    value={names[serial] ?? settings.nicknames[serial] ?? ''}
                    onChange={(event) => setNames({ ...names, [serial]: event.target.value })}
                  />
                  <button type="submit" className="secondary">
                    Save name
                  </button>
                </form>
              </li>
            ))}
          </ul>
        )}
        <h3>Recent layouts</h3>
        {settings.recentLayouts.length === 0 ? (
          <p className="settings-note">None yet.</p>
        ) : (
          <>
            <ol className="recent-list mono">
              {settings.recentLayouts.map((path) => (
                <li key={path}>{path}</li>
              ))}
            </ol>
            <button type="button" className="secondary" onClick={() => update({ recentLayouts: [] })}>
              Forget recent layouts
            </button>
          </>
        )}
        {settings.wipeConsents.length > 0 && (
          <button type="button" className="secondary" onClick={() => update({ wipeConsents: [] })}>
            Ask again before erasing a memory
          </button>
        )}
        <OpenLogFolder />
      </details>
    </section>
  );
}
