import { stDfuUsbId } from '../../protocol/dfu';
import { formatPortPath } from '../../usb/device-identity';
import type { UsbBackend, UsbDeviceEntry } from '../../usb/usb-backend';

/** STM32MP boards on the bus in a stable order (bus, then port chain): `usb1`, `usb2`, … are indexes into it. */
export async function listBoards(backend: UsbBackend): Promise<UsbDeviceEntry[]> {
  const entries = (await backend.list()).filter(
    (entry) =>
      entry.identity.vendorId === stDfuUsbId.vendorId && entry.identity.productId === stDfuUsbId.productId,
  );
  return entries.sort((a, b) =>
    formatPortPath(a.identity).localeCompare(formatPortPath(b.identity), 'en', { numeric: true }),
  );
}

export type DeviceChoice =
  | { readonly kind: 'chosen'; readonly entry: UsbDeviceEntry }
  | { readonly kind: 'none'; readonly message: string }
  | { readonly kind: 'ambiguous'; readonly message: string }
  | { readonly kind: 'interrupted' };

/** Whether `--device` (`usbN`, a serial, or a port path like `1-2.3`) names this board. */
function names(wanted: string, entry: UsbDeviceEntry, index: number): boolean {
  const usb = /^usb(\d+)$/i.exec(wanted);
  if (usb?.[1] !== undefined) return Number(usb[1]) === index + 1;
  if (entry.identity.serial !== null && entry.identity.serial.toLowerCase() === wanted.toLowerCase())
    return true;
  return formatPortPath(entry.identity) === wanted;
}

export interface DeviceChoiceOptions {
  readonly wanted?: string;
  /** `--wait-for-device`: seconds to wait for a board to appear (default: look once). */
  readonly waitSeconds?: number;
  readonly signal: AbortSignal;
}

/** The board a run programs: the one named by `--device`, or the only one present. */
export async function chooseDevice(backend: UsbBackend, options: DeviceChoiceOptions): Promise<DeviceChoice> {
  const deadline = performance.now() + (options.waitSeconds ?? 0) * 1000;
  for (;;) {
    if (options.signal.aborted) return { kind: 'interrupted' };
    const boards = await listBoards(backend);
    const { wanted } = options;
    const found =
      wanted === undefined ? boards : boards.filter((entry, index) => names(wanted, entry, index));
    if (found.length === 1 && found[0] !== undefined) return { kind: 'chosen', entry: found[0] };
    if (found.length > 1)
      return {
        kind: 'ambiguous',
        message: `${found.length} boards are present (${found.map((entry, index) => `usb${index + 1} ${formatPortPath(entry.identity)}`).join(', ')}): choose one with --device <usbN|serial|port>`,
      };
    if (performance.now() >= deadline) {
      const what =
        wanted === undefined
          ? 'No STM32MP board in USB boot (0483:df11)'
          : `No board matches --device ${wanted}`;
      const waited = options.waitSeconds === undefined ? '' : ` after waiting ${options.waitSeconds} s`;
      return { kind: 'none', message: `${what} was found${waited}.` };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
