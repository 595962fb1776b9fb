import { access, constants, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { LinkSpeed } from '../../../shared/board';

/** What Linux tells about a USB device without opening it. */
export interface SysfsDeviceAttributes {
  readonly manufacturer: string | null;
  readonly product: string | null;
  readonly serial: string | null;
  readonly speed: LinkSpeed;
  /**
   * Its device node (`/dev/bus/usb/BBB/DDD`) exists and this user may not read and write it: opening it would
   * answer LIBUSB_ERROR_ACCESS (no udev rule). False when it may, or when that cannot be told.
   */
  readonly nodeRefused: boolean;
}

/** Whether this user may not open a device node for reading and writing; false when it may or when unknown. */
export type NodeRefusal = (devicePath: string) => Promise<boolean>;

/** access(2), which honours the ACL `uaccess` sets: only a definite EACCES / EPERM counts as refused. */
export const nodeRefusedByPermissions: NodeRefusal = (devicePath) =>
  access(devicePath, constants.R_OK | constants.W_OK).then(
    () => false,
    (error: unknown) => {
      const code = (error as NodeJS.ErrnoException).code;
      return code === 'EACCES' || code === 'EPERM';
    },
  );

/** `/dev/bus/usb/001/007` from sysfs `busnum` and `devnum`, as libusb opens it; null when they are unreadable. */
function devicePathOf(busnum: string | null, devnum: string | null, devRoot: string): string | null {
  const bus = Number(busnum);
  const dev = Number(devnum);
  if (busnum === null || devnum === null || !Number.isInteger(bus) || !Number.isInteger(dev)) return null;
  return path.join(devRoot, String(bus).padStart(3, '0'), String(dev).padStart(3, '0'));
}

export type ReadDeviceAttributes = (
  busNumber: number,
  portNumbers: readonly number[],
) => Promise<SysfsDeviceAttributes | null>;

/** sysfs `speed` (Mbit/s) → link speed. */
export function linkSpeedFromMbps(text: string | null): LinkSpeed {
  switch (text?.trim()) {
    case '1.5':
      return 'low';
    case '12':
      return 'full';
    case '480':
      return 'high';
    case '5000':
    case '10000':
    case '20000':
      return 'super';
    default:
      return 'unknown';
  }
}

async function attribute(directory: string, name: string): Promise<string | null> {
  try {
    const text = (await readFile(path.join(directory, name), 'utf8')).trim();
    return text === '' ? null : text;
  } catch {
    return null;
  }
}

/** Linux: `/sys/bus/usb/devices/<bus>-<ports>/{manufacturer,product,serial,speed}`; `null` elsewhere. */
export function sysfsDeviceAttributesReader(
  platform: NodeJS.Platform = process.platform,
  root = '/sys/bus/usb/devices',
  nodeRefused: NodeRefusal = nodeRefusedByPermissions,
  devRoot = '/dev/bus/usb',
): ReadDeviceAttributes {
  return async (busNumber, portNumbers) => {
    if (platform !== 'linux' || portNumbers.length === 0) return null;
    const directory = path.join(root, `${busNumber}-${portNumbers.join('.')}`);
    const speed = await attribute(directory, 'speed');
    if (speed === null) return null;
    return {
      manufacturer: await attribute(directory, 'manufacturer'),
      product: await attribute(directory, 'product'),
      serial: await attribute(directory, 'serial'),
      speed: linkSpeedFromMbps(speed),
      nodeRefused: await (async () => {
        const node = devicePathOf(
          await attribute(directory, 'busnum'),
          await attribute(directory, 'devnum'),
          devRoot,
        );
        return node !== null && (await nodeRefused(node));
      })(),
    };
  };
}
