import type { DeviceSummary } from '../../../shared/contract';
import { useDevices } from './use-devices';

const socNames: Record<string, string> = { mp13: 'STM32MP13', mp15: 'STM32MP15', mp25: 'STM32MP25' };

function DeviceRow({ device }: { device: DeviceSummary }) {
  const soc = device.soc === null ? 'STM32MP board' : socNames[device.soc];
  return (
    <li className="device-row">
      <span className="device-name">
        {soc}
        {device.virtual && <span className="badge">virtual</span>}
        {device.stage !== null && <span className="device-stage"> · {device.stage}</span>}
      </span>
      <span className="device-facts">
        serial {device.serial ?? 'none'} · port {device.portPath} · {device.speed} speed
      </span>
      {device.speed === 'full' && (
        <span className="device-warning" role="note">
          Full Speed link (12 Mbit/s): programming will be about 40 times slower. Connect the board directly
          to a USB 2.0 or 3.x port of this computer, without a hub or a virtual machine's USB 1.1 controller.
        </span>
      )}
      {!device.openable && (
        <span className="device-warning" role="note">
          Visible on the bus but cannot be opened: on Linux add the udev rule for 0483:df11; on Windows
          install the WinUSB driver; in a virtual machine, pass 0483:df11 through in every stage.
        </span>
      )}
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
          No board found. For a first try without hardware, start the app with a virtual board (
          <code>stm32mp-flasher serve --sim</code>). Otherwise set the board's boot switches to USB boot (on a
          DK1/DK2: both BOOT switches off), connect its USB-C OTG port to this computer, power it, and press
          reset.
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
