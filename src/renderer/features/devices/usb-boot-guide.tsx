import { useState } from 'react';
import { usbBootSteps } from './usb-boot-steps';

/** With no board: how to put the user's ST board in USB boot mode, step by step, for the board they pick. */
export function UsbBootGuide() {
  const [index, setIndex] = useState(0);
  const steps = usbBootSteps[index] ?? usbBootSteps[0];
  if (steps === undefined) return null;
  return (
    <>
      <p>No board found. To put one in USB boot mode:</p>
      <div className="virtual-board-form">
        <label htmlFor="usb-boot-board">Board</label>
        <select id="usb-boot-board" value={index} onChange={(event) => setIndex(Number(event.target.value))}>
          {usbBootSteps.map((each, at) => (
            <option key={each.board} value={at}>
              {each.board}
            </option>
          ))}
        </select>
      </div>
      <ol aria-label={`USB boot steps for ${steps.board}`}>
        <li>Power the board off. {steps.switches}</li>
        <li>{steps.usbPort} to a USB port of this computer, without a hub.</li>
        <li>{steps.power}</li>
      </ol>
    </>
  );
}
