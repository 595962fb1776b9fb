import type { UsbBackend, UsbDeviceEntry } from '../../usb/usb-backend';
import { isUsbError, usbOpenRefusalCodes } from '../../usb/usb-error';
import type { UsbErrorCode } from '../../usb/usb-error';
import type { UsbTransport } from '../../usb/usb-transport';
import type { Clock } from '../dfu/clock';
import { DfuDevice } from '../dfu/dfu-device';
import type { DfuDeviceOptions } from '../dfu/dfu-device';
import { isDfuError } from '../dfu/dfu-error';
import type { PhaseAnswer } from '../dfu/phase-answer';
import { openedIdentity } from '../boards/opened-identity';
import { hintOf } from '../boards/read-board-identity';
import type { DeviceIdentity } from '../../usb/device-identity';

/** A board found again, opened, and answering. */
export interface ReturnedBoard {
  readonly entry: UsbDeviceEntry;
  /** With the strings read from the device where the listing had none (Windows, macOS). */
  readonly identity: DeviceIdentity;
  readonly transport: UsbTransport;
  readonly device: DfuDevice;
  readonly answer: PhaseAnswer;
  readonly matchedBy: 'serial' | 'slot';
}

export type ReadyOutcome<T = ReturnedBoard> =
  | { readonly kind: 'ready'; readonly board: T }
  | { readonly kind: 'gone' }
  | {
      readonly kind: 'refused';
      readonly code: UsbErrorCode;
      readonly message: string;
      readonly hint: string | undefined;
    };

export interface ReadyOptions {
  readonly backend: UsbBackend;
  readonly clock: Clock;
  readonly readyMs: number;
  readonly pollMs: number;
  readonly dfuOptions?: DfuDeviceOptions;
  readonly signal?: AbortSignal;
}

/**
 * Opens a board that came back and waits until it is ready (its strings readable, GetPhase answering; right after
 * a stage change a board may answer string requests late, findings §8.5). A refused open is reported with the
 * host's hint when it has one (the libusb backend's per-OS udev/WinUSB hints).
 */
export async function openReturnedBoard(
  entry: UsbDeviceEntry,
  matchedBy: 'serial' | 'slot',
  options: ReadyOptions,
): Promise<ReadyOutcome> {
  const { clock, backend, signal } = options;
  let transport: UsbTransport;
  try {
    transport = await backend.open(entry);
  } catch (error) {
    if (isUsbError(error) && (usbOpenRefusalCodes as readonly string[]).includes(error.code)) {
      const hint = hintOf(error) ?? undefined;
      return { kind: 'refused', code: error.code, message: error.message, hint };
    }
    return { kind: 'gone' };
  }
  const deadline = clock.now() + options.readyMs;
  try {
    const device = await DfuDevice.open(transport, options.dfuOptions);
    for (;;) {
      try {
        const alternates = await device.readAlternates();
        if (alternates.every((alternate) => alternate.text !== null)) {
          const answer = await device.getPhase();
          const identity = await openedIdentity(transport);
          return { kind: 'ready', board: { entry, identity, transport, device, answer, matchedBy } };
        }
      } catch (error) {
        if (isDfuError(error, 'DFU_DEVICE_GONE')) throw error;
      }
      // Not ready by the deadline, whether GetPhase fails or the alternates' names stay unread: given up below.
      if (clock.now() >= deadline) throw new Error(`the board was not ready within ${options.readyMs} ms`);
      await clock.sleep(options.pollMs, signal);
    }
  } catch (error) {
    await transport.close();
    if (signal?.aborted === true) throw error;
    return { kind: 'gone' };
  }
}
