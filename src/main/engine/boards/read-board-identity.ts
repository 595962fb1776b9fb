import type { DeviceIdentity } from '../../usb/device-identity';
import type { UsbBackend, UsbDeviceEntry } from '../../usb/usb-backend';
import { isUsbError } from '../../usb/usb-error';
import { openedIdentity } from './opened-identity';

/** What reading a new device's strings gave. */
export type IdentityReading =
  | { readonly kind: 'read'; readonly identity: DeviceIdentity }
  /** Another program holds it (Windows and macOS cannot read strings without opening): retried. */
  | { readonly kind: 'in-use'; readonly message: string }
  /** The host refuses it (driver, udev rule, VM filter); `hint` is the host's per-OS advice when it has one. */
  /** `identity`: what the listing told without opening (Linux), else absent. */
  | {
      readonly kind: 'refused';
      readonly message: string;
      readonly hint: string | null;
      readonly identity?: DeviceIdentity;
    }
  /** The host has no driver the USB library can use for it (Windows: no WinUSB, libusbK or libusb0 bound). */
  | { readonly kind: 'no-driver'; readonly message: string; readonly hint: string | null }
  | { readonly kind: 'gone' };

/** The host's advice carried by a refused open (the libusb backend's per-OS udev / WinUSB hints). */
export function hintOf(error: unknown): string | null {
  return error instanceof Error && 'hint' in error && typeof error.hint === 'string' ? error.hint : null;
}

/**
 * A device's product, manufacturer and serial strings. On Linux the listing has them (sysfs, without opening);
 * elsewhere the device is opened once, briefly, and closed again: never kept open outside a run.
 */
export async function readBoardIdentity(
  backend: UsbBackend,
  entry: UsbDeviceEntry,
): Promise<IdentityReading> {
  const known = entry.identity.product !== null;
  if (entry.openRefusal !== undefined)
    return { kind: 'refused', ...entry.openRefusal, ...(known ? { identity: entry.identity } : {}) };
  if (known) return { kind: 'read', identity: entry.identity };
  let transport;
  try {
    transport = await backend.open(entry);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (isUsbError(error, 'busy')) return { kind: 'in-use', message };
    if (isUsbError(error, 'no-driver')) return { kind: 'no-driver', message, hint: hintOf(error) };
    if (isUsbError(error, 'access') || isUsbError(error, 'not-supported'))
      return { kind: 'refused', message, hint: hintOf(error) };
    return { kind: 'gone' };
  }
  try {
    return { kind: 'read', identity: await openedIdentity(transport) };
  } catch {
    return { kind: 'gone' };
  } finally {
    await transport.close();
  }
}
