import type { DeviceSummary } from '../../../shared/contract';
import { useDevices } from './use-devices';

function DeviceRow({ device }: { device: DeviceSummary }) {
  return (
    <li className="device-row">
      <span className="device-name">{device.product ?? 'STM32MP board'}</span>
      <span className="device-facts">
        {device.serial ?? 'no serial'} · port {device.portPath} · {device.speed} speed
        {device.virtual ? ' · virtual' : ''}
      </span>
    </li>
  );
}

export function DevicesPanel() {
  const { devices, loaded, error } = useDevices();
  return (
    <section className="panel" aria-labelledby="devices-heading">
      <h2 id="devices-heading">Boards</h2>
      {error !== null && <p role="alert">Could not list boards: {error}</p>}
      {loaded && devices.length === 0 && error === null && (
        <p className="empty-state">
          No board found. Set the board's boot switches to USB boot (on a DK1/DK2: both BOOT switches off),
          connect its USB-C OTG port to this computer, power it, and press reset.
        </p>
      )}
      <ul className="device-list" aria-label="Boards">
        {devices.map((device) => (
          <DeviceRow key={device.id} device={device} />
        ))}
      </ul>
    </section>
  );
}
