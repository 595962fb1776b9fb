import type { LinkSpeed } from '../../shared/board';

/**
 * What the bus says about one enumerated device, readable without claiming it. Strings are `null`
 * when the device has none (a board without serial) or when the platform cannot read them without opening.
 */
export interface DeviceIdentity {
  readonly vendorId: number;
  readonly productId: number;
  /** bcdDevice, e.g. 0x0200 for every STM32MP stage (spec §2.1). */
  readonly bcdDevice: number;
  readonly manufacturer: string | null;
  readonly product: string | null;
  readonly serial: string | null;
  readonly busNumber: number;
  /** Hub port chain from the root, e.g. [2, 3] for `1-2.3`. */
  readonly portNumbers: readonly number[];
  /** Negotiated speed, read from the bus (never from the product string). */
  readonly speed: LinkSpeed;
  /** True for a virtual board (`--sim`). */
  readonly virtual: boolean;
}

/** `1-2.3` style port path: bus, dash, ports joined by dots. */
export function formatPortPath(identity: Pick<DeviceIdentity, 'busNumber' | 'portNumbers'>): string {
  return `${identity.busNumber}-${identity.portNumbers.join('.')}`;
}
