import { useState } from 'react';
import { socs, type Soc } from '../../../shared/board';
import { RemoteError } from '../../transport/contract-client';
import { useClient } from '../../transport/client-context';
import { UsbBootGuide } from './usb-boot-guide';

const socLabels: Record<Soc, string> = { mp13: 'STM32MP13', mp15: 'STM32MP15', mp25: 'STM32MP25' };

/** What to do with no board: USB boot mode step by step, and a virtual board to try the app without one. */
export function NoBoardGuidance() {
  const client = useClient();
  const [soc, setSoc] = useState<Soc>('mp15');
  const [starting, setStarting] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const start = () => {
    setStarting(true);
    setFailure(null);
    client
      .request('boards.addVirtual', { soc })
      .catch((error: unknown) =>
        setFailure(error instanceof RemoteError ? `${error.data.message} ${error.data.hint}` : String(error)),
      )
      .finally(() => setStarting(false));
  };
  return (
    <div className="empty-state">
      <UsbBootGuide />
      <p>
        No board at hand? A virtual board behaves like a real one: it re-enumerates, and prints its console.
      </p>
      <div className="virtual-board-form">
        <label htmlFor="virtual-soc">SoC</label>
        <select id="virtual-soc" value={soc} onChange={(event) => setSoc(event.target.value as Soc)}>
          {socs.map((each) => (
            <option key={each} value={each}>
              {socLabels[each]}
            </option>
          ))}
        </select>
        <button type="button" onClick={start} disabled={starting}>
          {starting ? 'Starting…' : 'Start a virtual board'}
        </button>
      </div>
      {failure !== null && <p role="alert">{failure}</p>}
    </div>
  );
}
