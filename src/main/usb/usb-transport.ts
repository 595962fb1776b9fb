import type { DeviceIdentity } from './device-identity';
import type { UsbConfigurationDescriptor, UsbDeviceDescriptor } from './usb-descriptors';

/** The setup packet of a control transfer, without wLength (given by the data or the length asked). */
export interface ControlSetup {
  /** bmRequestType, e.g. 0x21 (class, interface, host→device) or 0xA1 (device→host). */
  readonly requestType: number;
  readonly request: number;
  readonly value: number;
  readonly index: number;
}

/**
 * One opened device: the engine's only way to talk to it. Every method rejects with a `UsbError`.
 * A handle belongs to one enumeration: once the device leaves the bus (re-enumeration, unplug), every
 * call fails with `no-device` and the handle should be closed.
 */
export interface UsbTransport {
  readonly identity: DeviceIdentity;
  readonly deviceDescriptor: UsbDeviceDescriptor;
  /** The active configuration, read when the device was opened. */
  readonly configurationDescriptor: UsbConfigurationDescriptor;
  /** String descriptor in the device's first language; `null` for index 0 or when the device has none. */
  getStringDescriptor(index: number): Promise<string | null>;
  claimInterface(interfaceNumber: number): Promise<void>;
  releaseInterface(interfaceNumber: number): Promise<void>;
  /** SET_INTERFACE. */
  setAlternateSetting(interfaceNumber: number, alternateSetting: number): Promise<void>;
  /** Device→host control transfer; resolves with the bytes received (possibly fewer than `length`). */
  controlTransferIn(setup: ControlSetup, length: number, timeoutMs: number): Promise<Uint8Array>;
  /** Host→device control transfer; resolves with the number of bytes sent. */
  controlTransferOut(setup: ControlSetup, data: Uint8Array, timeoutMs: number): Promise<number>;
  /** USB bus reset of the port. */
  reset(): Promise<void>;
  /** Releases what is claimed and closes; never rejects. */
  close(): Promise<void>;
}
