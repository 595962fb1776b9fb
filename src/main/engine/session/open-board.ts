import type { UsbBackend, UsbDeviceEntry } from '../../usb/usb-backend';
import { isUsbError } from '../../usb/usb-error';
import type { UsbTransport } from '../../usb/usb-transport';
import { DfuDevice } from '../dfu/dfu-device';
import type { DfuDeviceOptions } from '../dfu/dfu-device';
import { openedIdentity } from '../boards/opened-identity';
import { hintOf } from '../boards/read-board-identity';
import type { DeviceIdentity } from '../../usb/device-identity';
import { SessionFailure } from './session-failure';

/** A board the session holds: its listed entry, its identity as the handle reads it, its handle, its DFU interface. */
export interface OpenBoard {
  readonly entry: UsbDeviceEntry;
  /** With the strings read from the device where the listing had none (Windows, macOS). */
  readonly identity: DeviceIdentity;
  readonly transport: UsbTransport;
  readonly device: DfuDevice;
}

/** Opens the board a run starts with; `DEVICE_UNOPENABLE` (with the host's hint) when the host refuses it. */
export async function openBoard(
  backend: UsbBackend,
  entry: UsbDeviceEntry,
  options: DfuDeviceOptions,
): Promise<OpenBoard> {
  let transport: UsbTransport;
  try {
    transport = await backend.open(entry);
  } catch (error) {
    const hint = hintOf(error);
    throw new SessionFailure('DEVICE_UNOPENABLE', `cannot open the board: ${String(error)}`, {
      ...(isUsbError(error) ? { usbCode: error.code } : {}),
      ...(hint === null ? {} : { openHint: hint }),
    });
  }
  try {
    const identity = await openedIdentity(transport);
    return { entry, identity, transport, device: await DfuDevice.open(transport, options) };
  } catch (error) {
    await transport.close();
    throw new SessionFailure(
      'DEVICE_UNOPENABLE',
      `the board’s DFU interface cannot be claimed: ${String(error)}`,
    );
  }
}
