import type { DeviceIdentity } from '../../usb/device-identity';

/** The host OS whose USB listing the virtual bus imitates. */
export type SimPlatform = 'linux' | 'win32' | 'darwin';

/** The host's own platform; any OS other than Windows and macOS lists devices as Linux does. */
export function hostSimPlatform(platform: NodeJS.Platform = process.platform): SimPlatform {
  return platform === 'win32' || platform === 'darwin' ? platform : 'linux';
}

/**
 * What npm `usb` 2.18 lists for a device before it is opened: on Linux the kernel's cached strings and speed
 * (sysfs); on Windows and macOS no strings and no speed (`'unknown'`), only the ids, bcdDevice and the port
 * path. Opening the device and asking for its string descriptors still answers them.
 */
export function listedIdentity(identity: DeviceIdentity, platform: SimPlatform): DeviceIdentity {
  if (platform === 'linux') return identity;
  return { ...identity, manufacturer: null, product: null, serial: null, speed: 'unknown' };
}
