import { access, readFile, readdir, realpath } from 'node:fs/promises';
import { constants } from 'node:fs';
import path from 'node:path';

/** One serial port the console may open. */
export interface SerialPortInfo {
  readonly path: string;
  readonly manufacturer: string | null;
  readonly serialNumber: string | null;
  readonly vendorId: number | null;
  readonly productId: number | null;
  /** An ST-Link virtual COM port (VID 0x0483): the board's console on ST's Discovery and Evaluation kits. */
  readonly stLink: boolean;
}

/** What `SerialPort.list()` answers (npm `serialport` 13), as far as we read it. */
export interface RawPortInfo {
  readonly path: string;
  readonly manufacturer?: string | undefined;
  readonly serialNumber?: string | undefined;
  readonly vendorId?: string | undefined;
  readonly productId?: string | undefined;
}

export interface SerialPortListingDeps {
  readonly platform: NodeJS.Platform;
  /** npm `serialport`'s own listing (needs `udevadm` on Linux). */
  readonly listWithSerialport: () => Promise<readonly RawPortInfo[]>;
  /** Whether an executable is on PATH. */
  readonly commandExists: (command: string) => Promise<boolean>;
  /** Linux without udevadm: the ports read from sysfs. */
  readonly listFromSysfs: () => Promise<readonly RawPortInfo[]>;
}

export const stLinkVendorId = 0x0483;

const hexOrNull = (text: string | undefined): number | null => {
  if (text === undefined || text === '') return null;
  const value = Number.parseInt(text, 16);
  return Number.isNaN(value) ? null : value;
};

export function toSerialPortInfo(raw: RawPortInfo): SerialPortInfo {
  const vendorId = hexOrNull(raw.vendorId);
  return {
    path: raw.path,
    manufacturer: raw.manufacturer ?? null,
    serialNumber: raw.serialNumber ?? null,
    vendorId,
    productId: hexOrNull(raw.productId),
    stLink: vendorId === stLinkVendorId,
  };
}

/** ST-Link ports first, then USB serial adapters, then the rest; by path inside each group. */
export function sortSerialPorts(ports: readonly SerialPortInfo[]): SerialPortInfo[] {
  const rank = (port: SerialPortInfo): number => (port.stLink ? 0 : port.vendorId !== null ? 1 : 2);
  return [...ports].sort(
    (a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path, 'en', { numeric: true }),
  );
}

/**
 * Lists serial ports, never throwing: on Linux without `udevadm` (where `SerialPort.list()` would spawn a
 * missing program), from sysfs instead; when a listing fails, from the fallback, else nothing.
 */
export async function listSerialPorts(
  deps: SerialPortListingDeps = defaultListingDeps(),
): Promise<SerialPortInfo[]> {
  let raw: readonly RawPortInfo[];
  try {
    if (deps.platform === 'linux' && !(await deps.commandExists('udevadm'))) {
      raw = await deps.listFromSysfs();
    } else {
      raw = await deps.listWithSerialport();
    }
  } catch {
    raw = deps.platform === 'linux' ? await deps.listFromSysfs().catch(() => []) : [];
  }
  return sortSerialPorts(raw.map(toSerialPortInfo));
}

export async function commandOnPath(command: string, searchPath = process.env.PATH ?? ''): Promise<boolean> {
  for (const directory of searchPath.split(path.delimiter).filter(Boolean)) {
    try {
      await access(path.join(directory, command), constants.X_OK);
      return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}

const ttyPattern = /^(ttyS|ttyACM|ttyUSB|ttyAMA|ttyXRUSB|ttyWCH|rfcomm)\d+$/;

async function readAttribute(directory: string, name: string): Promise<string | undefined> {
  try {
    return (await readFile(path.join(directory, name), 'utf8')).trim();
  } catch {
    return undefined;
  }
}

/** Linux: serial ports from `/sys/class/tty`, with the USB attributes of the device they belong to. */
export async function listSerialPortsFromSysfs(sysClassTty = '/sys/class/tty'): Promise<RawPortInfo[]> {
  const ports: RawPortInfo[] = [];
  for (const name of await readdir(sysClassTty).catch(() => [])) {
    if (!ttyPattern.test(name)) continue;
    let device: string;
    try {
      device = await realpath(path.join(sysClassTty, name, 'device'));
    } catch {
      continue;
    }
    let usb: string | null = null;
    for (let dir = device, depth = 0; depth < 5 && dir !== '/'; depth += 1, dir = path.dirname(dir)) {
      if ((await readAttribute(dir, 'idVendor')) !== undefined) {
        usb = dir;
        break;
      }
    }
    ports.push({
      path: `/dev/${name}`,
      manufacturer: usb === null ? undefined : await readAttribute(usb, 'manufacturer'),
      serialNumber: usb === null ? undefined : await readAttribute(usb, 'serial'),
      vendorId: usb === null ? undefined : await readAttribute(usb, 'idVendor'),
      productId: usb === null ? undefined : await readAttribute(usb, 'idProduct'),
    });
  }
  return ports;
}

function defaultListingDeps(): SerialPortListingDeps {
  return {
    platform: process.platform,
    listWithSerialport: async () => {
      const { SerialPort } = await import('serialport');
      return SerialPort.list();
    },
    commandExists: (command) => commandOnPath(command),
    listFromSysfs: () => listSerialPortsFromSysfs(),
  };
}
