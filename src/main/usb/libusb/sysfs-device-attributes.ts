import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { LinkSpeed } from '../../../shared/board';

/** What Linux tells about a USB device without opening it. */
export interface SysfsDeviceAttributes {
  readonly manufacturer: string | null;
  readonly product: string | null;
  readonly serial: string | null;
  readonly speed: LinkSpeed;
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
    };
  };
}
