import type { DeviceSummary } from '../../../shared/contract';
import { unopenableFix } from './unopenable-fix';

const socNames: Record<string, string> = { mp13: 'STM32MP13', mp15: 'STM32MP15', mp25: 'STM32MP25' };

interface Props {
  readonly device: DeviceSummary;
  readonly selected: boolean;
  readonly onSelect: () => void;
  readonly nickname: string | null;
  readonly platform: string;
}

const hex4 = (value: number) => value.toString(16).padStart(4, '0');

/** One board: what it is, where, how fast its link is, and what is wrong with it. */
export function DeviceRow({ device, selected, onSelect, nickname, platform }: Props) {
  const soc = device.soc === null ? 'STM32MP board' : socNames[device.soc];
  const inputId = `device-${device.id}`;
  const fix = device.openable ? null : unopenableFix(platform);
  return (
    <li className={selected ? 'device-row device-selected' : 'device-row'}>
      <label htmlFor={inputId} className="device-choice">
        <input
          id={inputId}
          type="radio"
          name="device"
          checked={selected}
          onChange={onSelect}
          aria-describedby={`${inputId}-facts`}
        />
        <span className="device-name">
          {nickname === null ? soc : `${nickname} (${soc})`}
          {device.revision !== null && <span className="device-stage"> rev. {device.revision}</span>}
          {device.virtual && <span className="badge">virtual</span>}
          {device.stage !== null && <span className="device-stage"> · {device.stage}</span>}
        </span>
      </label>
      <span className="device-facts" id={`${inputId}-facts`}>
        serial {device.serial ?? 'none'} · port {device.portPath} · {device.speed} speed · USB{' '}
        {hex4(device.vendorId)}:{hex4(device.productId)}
        {device.product === null ? '' : ` · ${device.product}`}
      </span>
      {device.speed === 'full' && (
        <p className="device-warning" role="note">
          <strong>Full Speed link (12 Mbit/s)</strong>: programming will be about 40 times slower, and a stage
          change may take longer than the reconnect deadline. Connect the board directly to a USB 2.0 or 3.x
          port of this computer, without a hub or a virtual machine's USB 1.1 controller.
        </p>
      )}
      {fix !== null && (
        <div className="device-warning" role="note">
          <strong>Visible on the bus but cannot be opened.</strong> {fix.summary}
          <ol className="fix-steps">
            {fix.steps.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
          {fix.snippet !== null && <pre className="mono fix-snippet">{fix.snippet}</pre>}
        </div>
      )}
    </li>
  );
}
