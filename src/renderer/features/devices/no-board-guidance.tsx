/** What to do with no board: USB boot mode step by step, and a virtual board to try the app without one. */
export function NoBoardGuidance({ transport }: { transport: string | null }) {
  const command =
    transport === 'browser-shell'
      ? 'stm32mp-flasher serve --sim'
      : 'stm32mp-flasher serve --sim (browser shell)';
  return (
    <div className="empty-state">
      <p>No board found. To put one in USB boot mode:</p>
      <ol>
        <li>
          Power the board off and set its boot switches to USB boot (on a DK1/DK2: both BOOT switches off).
        </li>
        <li>
          Connect its USB-C OTG port (CN7 on a DK2, not the ST-Link port) to a USB port of this computer,
          without a hub.
        </li>
        <li>Power it with a 5 V / 3 A supply on its power connector, then press reset.</li>
      </ol>
      <p>
        No board at hand? A virtual board behaves like a real one, faults included: start{' '}
        <code>{command}</code> and open the address it prints.
      </p>
    </div>
  );
}
