import type { DeviceSummary } from '../../../shared/contract';
import { useAppInfo } from '../../app/use-app-info';
import { useSettings } from '../settings/settings-context';
import { DeviceRow } from './device-row';
import { NoBoardGuidance } from './no-board-guidance';
import type { DevicesState } from './use-devices';

interface Props {
  readonly state: DevicesState;
  readonly selected: DeviceSummary | null;
  readonly onSelect: (id: string) => void;
}

/** The live list of boards, real and virtual; the one selected is the one Program writes to. */
export function DevicesPanel({ state, selected, onSelect }: Props) {
  const { devices, loaded, error } = state;
  const info = useAppInfo();
  const { settings } = useSettings();
  return (
    <section className="panel" aria-labelledby="devices-heading">
      <h2 id="devices-heading">Boards</h2>
      {error !== null && <p role="alert">Could not list boards: {error}</p>}
      {loaded && devices.length === 0 && error === null && <NoBoardGuidance />}
      <ul className="device-list" aria-label="Boards">
        {devices.map((device) => (
          <DeviceRow
            key={device.id}
            device={device}
            selected={selected?.id === device.id}
            onSelect={() => onSelect(device.id)}
            nickname={device.serial === null ? null : (settings.nicknames[device.serial] ?? null)}
            platform={info?.platform ?? 'linux'}
          />
        ))}
      </ul>
    </section>
  );
}
