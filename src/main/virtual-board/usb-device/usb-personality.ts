/** How one stage presents itself on the bus: device facts, strings, DFU alternates and functional descriptor. */
export interface UsbPersonality {
  readonly vendorId: number;
  readonly productId: number;
  readonly bcdDevice: number;
  readonly manufacturer: string;
  readonly product: string;
  /** `null`: no serial string (iSerialNumber 0), as with the `no-serial` fault. */
  readonly serial: string | null;
  readonly alternates: readonly string[];
  readonly dfu: DfuFunctionalFacts;
}

export interface DfuFunctionalFacts {
  readonly attributes: number;
  readonly detachTimeoutMs: number;
  readonly transferSize: number;
  readonly bcdDfuVersion: number;
}

/** String descriptor indices (spec §2.1: 1 manufacturer, 2 product, 3 serial; then configuration; alts after). */
export const stringIndex = {
  manufacturer: 1,
  product: 2,
  serial: 3,
  configuration: 4,
  firstAlternate: 6,
} as const;

export const configurationString = 'DFU Config';
