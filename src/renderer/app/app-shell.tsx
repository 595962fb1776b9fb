import { useState } from 'react';
import { useSettings } from '../features/settings/settings-context';
import { SettingsPanel } from '../features/settings/settings-panel';
import { StationView } from '../features/station/station-view';
import { useStation } from '../features/station/use-station';
import { ConnectionBanner } from './connection-banner';
import { Desk } from './desk';
import { useAppInfo } from './use-app-info';
import { useTheme } from './use-theme';

/**
 * The app: the desk, or, when it was started as a station (`station.get` answers a view), the station view.
 * A locked station keeps the operator on the station view; unlocked (in settings), the desk is a click away.
 */
export function AppShell() {
  const info = useAppInfo();
  const { settings } = useSettings();
  useTheme(settings.theme);
  const station = useStation();
  const [atDesk, setAtDesk] = useState(false);
  const locked = !settings.stationUnlocked;

  if (station.view !== null && (locked || !atDesk))
    return (
      <>
        <ConnectionBanner />
        <StationView
          station={station}
          view={station.view}
          locked={locked}
          onLeave={() => setAtDesk(true)}
          footer={<SettingsPanel boards={[]} />}
        />
      </>
    );

  return (
    <>
      <ConnectionBanner />
      <header className="app-header">
        <h1>STM32MP Flasher</h1>
        <span className="app-version" aria-label="Version">
          {info === null ? '' : `v${info.version}`}
        </span>
        {station.view !== null && (
          <button type="button" className="secondary app-station" onClick={() => setAtDesk(false)}>
            Station view
          </button>
        )}
      </header>
      <Desk />
    </>
  );
}
