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
  /**
   * Bulk OUT on endpoint address `endpoint` (e.g. 0x01) of a claimed interface; resolves with the bytes sent. One
   * call is one libusb transfer: the stack splits it into max-packet-size packets; no zero-length packet is added.
   */
  bulkTransferOut(endpoint: number, data: Uint8Array, timeoutMs: number): Promise<number>;
  /**
   * Bulk IN on endpoint address `endpoint` (e.g. 0x81); resolves with what one transfer brought: up to `length`
   * bytes, ended early by a short packet. `length` should be a multiple of the endpoint's max packet size.
   */
  bulkTransferIn(endpoint: number, length: number, timeoutMs: number): Promise<Uint8Array>;
  /** USB bus reset of the port. */
  reset(): Promise<void>;
  /** Releases what is claimed and closes; never rejects. */
  close(): Promise<void>;
}
