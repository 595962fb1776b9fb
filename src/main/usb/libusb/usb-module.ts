/**
 * The part of npm `usb` 2.18 this adapter uses, narrowed so tests pass a stub. The real module satisfies it
 * (`import { usb } from 'usb'`: the namespace that is also the attach/detach event emitter).
 */
import type {
  UsbConfigurationDescriptor,
  UsbDeviceDescriptor,
  UsbInterfaceDescriptor,
} from '../usb-descriptors';

export interface LibusbError {
  readonly message: string;
  /** `LIBUSB_ERROR_*` (negative) from synchronous calls, `LIBUSB_TRANSFER_*` (positive) from transfers. */
  readonly errno?: number;
}

export type LibusbCallback = (error?: LibusbError) => void;

/** What npm `usb`'s `Endpoint` base class has; `transfer` lives on its In/Out subclasses (see the guards). */
export interface LibusbEndpoint {
  readonly direction: 'in' | 'out';
  /** Milliseconds each transfer submitted afterwards may take (0: none). */
  timeout: number;
}

/** npm `usb`'s `InEndpoint.transfer`: one libusb transfer of up to `length` bytes. */
export interface LibusbInEndpoint extends LibusbEndpoint {
  transfer(length: number, callback: (error: LibusbError | undefined, data?: Buffer) => void): unknown;
}

/** npm `usb`'s `OutEndpoint.transfer`: one libusb transfer of the whole buffer. */
export interface LibusbOutEndpoint extends LibusbEndpoint {
  transfer(buffer: Buffer, callback?: (error: LibusbError | undefined, actual: number) => void): unknown;
}

export function isInEndpoint(endpoint: LibusbEndpoint): endpoint is LibusbInEndpoint {
  return endpoint.direction === 'in' && 'transfer' in endpoint && typeof endpoint.transfer === 'function';
}

export function isOutEndpoint(endpoint: LibusbEndpoint): endpoint is LibusbOutEndpoint {
  return endpoint.direction === 'out' && 'transfer' in endpoint && typeof endpoint.transfer === 'function';
}

export interface LibusbInterface {
  claim(): void;
  /**
   * The endpoint objects npm `usb` built when the device was opened (alternate 0); looking one up reads no
   * descriptor again.
   */
  endpoint(address: number): LibusbEndpoint | undefined;
}

/** npm `usb` parses descriptors into exactly the seam's shapes (the seam was modelled on it). */
export type LibusbDeviceDescriptor = UsbDeviceDescriptor;
export type LibusbInterfaceDescriptor = UsbInterfaceDescriptor;
export type LibusbConfigDescriptor = UsbConfigurationDescriptor;

export interface LibusbDevice {
  readonly busNumber: number;
  readonly deviceAddress: number;
  /** `undefined` where the platform cannot tell. */
  readonly portNumbers: readonly number[] | undefined;
  readonly deviceDescriptor: LibusbDeviceDescriptor;
  readonly configDescriptor: LibusbConfigDescriptor | undefined;
  timeout: number;
  open(defaultConfig?: boolean): void;
  close(): void;
  interface(interfaceNumber: number): LibusbInterface;
  /**
   * The device's own calls under npm `usb`'s `Interface.release` and `setAltSetting` (typed in its bindings),
   * without the descriptor refresh those run on success: that refresh reads the configuration descriptor again
   * and throws, uncaught, when the board left the bus in between (a usb-stack run crashed so, at a stage change).
   */
  __releaseInterface(interfaceNumber: number, callback: LibusbCallback): void;
  __setInterface(interfaceNumber: number, alternateSetting: number, callback: LibusbCallback): void;
  controlTransfer(
    requestType: number,
    request: number,
    value: number,
    index: number,
    dataOrLength: number | Buffer,
    callback?: (error: LibusbError | undefined, data: Buffer | number | undefined) => void,
  ): unknown;
  getStringDescriptor(index: number, callback: (error?: LibusbError, value?: string) => void): void;
  reset(callback: LibusbCallback): void;
}

export interface UsbModule {
  getDeviceList(): LibusbDevice[];
  on(event: 'attach' | 'detach', listener: (device: LibusbDevice) => void): unknown;
  removeListener(event: 'attach' | 'detach', listener: (device: LibusbDevice) => void): unknown;
  /** Lets the process exit while hotplug events are watched (npm `usb` keeps the event loop alive otherwise). */
  unrefHotplugEvents?(): void;
  /**
   * npm `usb` 2.18: truthy (a non-zero kind) when the platform delivers hotplug events (libusb's own, or
   * Windows' device notifications); falsy where npm `usb` falls back to polling the device list itself.
   */
  _supportedHotplugEvents?(): boolean | number;
}

/**
 * Loads npm `usb`; `null` when its native part cannot load or libusb failed to initialise (no USB
 * subsystem): the backend then lists nothing instead of crashing.
 */
export async function loadUsbModule(): Promise<UsbModule | null> {
  try {
    const { usb } = await import('usb');
    if (usb.INIT_ERROR || typeof usb.getDeviceList !== 'function') return null;
    const module: UsbModule = usb;
    return module;
  } catch {
    return null;
  }
}
