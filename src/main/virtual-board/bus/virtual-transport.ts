import { usbDescriptorType, usbStandardRequest } from '../../protocol/dfu';
import type { DeviceIdentity } from '../../usb/device-identity';
import type { UsbConfigurationDescriptor, UsbDeviceDescriptor } from '../../usb/usb-descriptors';
import { UsbError, isUsbError } from '../../usb/usb-error';
import type { ControlSetup, UsbTransport } from '../../usb/usb-transport';
import type { VirtualBoard } from '../board/virtual-board';
import { configurationDescriptorBytes, deviceDescriptorBytes } from '../usb-device/descriptor-bytes';
import { parseConfigurationDescriptor, parseDeviceDescriptor } from '../usb-device/descriptor-parser';

const stringTimeoutMs = 1000;

/** A handle on one enumeration of a virtual board, behaving as a libusb handle would. */
export class VirtualTransport implements UsbTransport {
  readonly identity: DeviceIdentity;
  readonly deviceDescriptor: UsbDeviceDescriptor;
  readonly configurationDescriptor: UsbConfigurationDescriptor;
  readonly #board: VirtualBoard;
  readonly #enumeration: number;
  readonly #claimed = new Set<number>();
  #closed = false;

  /**
   * `listed` is the device as the bus listed it: opened, its strings are readable on every platform (as npm `usb`
   * reads them on open), but the speed stays what the listing said (`unknown` on Windows and macOS).
   */
  constructor(board: VirtualBoard, listed: DeviceIdentity = board.identity()) {
    this.#board = board;
    this.#enumeration = board.enumeration;
    this.identity = { ...board.identity(), speed: listed.speed };
    this.deviceDescriptor = parseDeviceDescriptor(deviceDescriptorBytes(board.personality));
    this.configurationDescriptor = parseConfigurationDescriptor(
      configurationDescriptorBytes(board.personality),
    );
  }

  async getStringDescriptor(index: number): Promise<string | null> {
    if (index === 0) return null;
    try {
      const bytes = await this.controlTransferIn(
        {
          requestType: 0x80,
          request: usbStandardRequest.getDescriptor,
          value: (usbDescriptorType.string << 8) | index,
          index: 0x0409,
        },
        255,
        stringTimeoutMs,
      );
      return Buffer.from(bytes.subarray(2, bytes[0] ?? 2)).toString('utf16le');
    } catch (error) {
      if (isUsbError(error, 'stall')) return null;
      throw error;
    }
  }

  async claimInterface(interfaceNumber: number): Promise<void> {
    this.#check();
    if (interfaceNumber !== 0) throw new UsbError('not-found', 'LIBUSB_ERROR_NOT_FOUND: no such interface');
    this.#claimed.add(interfaceNumber);
  }

  async releaseInterface(interfaceNumber: number): Promise<void> {
    this.#check();
    this.#claimed.delete(interfaceNumber);
  }

  async setAlternateSetting(interfaceNumber: number, alternateSetting: number): Promise<void> {
    if (!this.#claimed.has(interfaceNumber)) {
      this.#check();
      throw new UsbError('not-found', 'LIBUSB_ERROR_NOT_FOUND: interface not claimed');
    }
    await this.#transfer(
      {
        requestType: 0x01,
        request: usbStandardRequest.setInterface,
        value: alternateSetting,
        index: interfaceNumber,
      },
      0,
      new Uint8Array(0),
      1000,
    );
  }

  controlTransferIn(setup: ControlSetup, length: number, timeoutMs: number): Promise<Uint8Array> {
    return this.#transfer(setup, length, new Uint8Array(0), timeoutMs);
  }

  async controlTransferOut(setup: ControlSetup, data: Uint8Array, timeoutMs: number): Promise<number> {
    await this.#transfer(setup, data.length, data, timeoutMs);
    return data.length;
  }

  async bulkTransferOut(endpoint: number, data: Uint8Array, timeoutMs: number): Promise<number> {
    this.#check();
    return this.#withTimeout(
      this.#board.bulkOut(this.#enumeration, endpoint, Uint8Array.from(data)),
      timeoutMs,
    );
  }

  async bulkTransferIn(endpoint: number, length: number, timeoutMs: number): Promise<Uint8Array> {
    this.#check();
    // A bulk IN may wait long for the board's answer: on the host's timeout the board is told, so the answer
    // stays for the next IN transfer as it does on a real controller (libusb cancels the transfer).
    const cancel = new AbortController();
    try {
      return await this.#withTimeout(
        this.#board.bulkIn(this.#enumeration, endpoint, length, cancel.signal),
        timeoutMs,
      );
    } catch (error) {
      cancel.abort();
      throw error;
    }
  }

  async reset(): Promise<void> {
    this.#check();
    this.#board.busReset(this.#enumeration);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#claimed.clear();
  }

  #check(): void {
    if (this.#closed) throw new UsbError('no-device', 'the handle is closed');
  }

  async #transfer(
    setup: ControlSetup,
    length: number,
    data: Uint8Array,
    timeoutMs: number,
  ): Promise<Uint8Array> {
    this.#check();
    return this.#withTimeout(
      this.#board.control(this.#enumeration, { ...setup, length, data: Uint8Array.from(data) }),
      timeoutMs,
    );
  }

  async #withTimeout<T>(transfer: Promise<T>, timeoutMs: number): Promise<T> {
    // The host's timeout runs on real time, whatever clock the board models its own delays with. A plain timer,
    // cleared when the transfer settles: an aborted AbortSignal per transfer costs a DOMException each time.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new UsbError('timeout', `LIBUSB_TRANSFER_TIMED_OUT after ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([transfer, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
