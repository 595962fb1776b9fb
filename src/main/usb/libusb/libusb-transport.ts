import type { DeviceIdentity } from '../device-identity';
import type { UsbConfigurationDescriptor, UsbDeviceDescriptor } from '../usb-descriptors';
import { UsbError } from '../usb-error';
import type { ControlSetup, UsbTransport } from '../usb-transport';
import { toUsbError } from './libusb-error-codes';
import { isInEndpoint, isOutEndpoint } from './usb-module';
import type { LibusbCallback, LibusbDevice, LibusbEndpoint } from './usb-module';

const settle =
  (resolve: () => void, reject: (error: UsbError) => void, what: string): LibusbCallback =>
  (error) => {
    if (error === undefined || error === null) resolve();
    else reject(toUsbError(error, what));
  };

/** One opened device over npm `usb`: every call is one libusb call, every failure a `UsbError`. */
export class LibusbTransport implements UsbTransport {
  readonly identity: DeviceIdentity;
  readonly deviceDescriptor: UsbDeviceDescriptor;
  readonly configurationDescriptor: UsbConfigurationDescriptor;
  readonly #device: LibusbDevice;
  readonly #claimed = new Set<number>();
  #closed = false;

  constructor(device: LibusbDevice, identity: DeviceIdentity, configuration: UsbConfigurationDescriptor) {
    this.#device = device;
    this.identity = identity;
    this.deviceDescriptor = { ...device.deviceDescriptor };
    this.configurationDescriptor = configuration;
  }

  #call<T>(
    what: string,
    run: (resolve: (value: T) => void, reject: (error: UsbError) => void) => void,
  ): Promise<T> {
    if (this.#closed) return Promise.reject(new UsbError('other', `${what}: the handle is closed`));
    return new Promise<T>((resolve, reject) => {
      try {
        run(resolve, reject);
      } catch (error) {
        reject(toUsbError(error, what));
      }
    });
  }

  getStringDescriptor(index: number): Promise<string | null> {
    if (index === 0) return Promise.resolve(null);
    return this.#call(`string descriptor ${index}`, (resolve, reject) => {
      this.#device.getStringDescriptor(index, (error, value) => {
        if (error) reject(toUsbError(error, `string descriptor ${index}`));
        else resolve(value ?? null);
      });
    });
  }

  claimInterface(interfaceNumber: number): Promise<void> {
    return this.#call<undefined>(`claim interface ${interfaceNumber}`, (resolve) => {
      this.#device.interface(interfaceNumber).claim();
      this.#claimed.add(interfaceNumber);
      resolve(undefined);
    });
  }

  releaseInterface(interfaceNumber: number): Promise<void> {
    const what = `release interface ${interfaceNumber}`;
    return this.#call<undefined>(what, (resolve, reject) => {
      this.#device.__releaseInterface(
        interfaceNumber,
        settle(
          () => {
            this.#claimed.delete(interfaceNumber);
            resolve(undefined);
          },
          reject,
          what,
        ),
      );
    });
  }

  setAlternateSetting(interfaceNumber: number, alternateSetting: number): Promise<void> {
    const what = `set alternate ${alternateSetting} of interface ${interfaceNumber}`;
    return this.#call<undefined>(what, (resolve, reject) => {
      this.#device.__setInterface(
        interfaceNumber,
        alternateSetting,
        settle(() => resolve(undefined), reject, what),
      );
    });
  }

  controlTransferIn(setup: ControlSetup, length: number, timeoutMs: number): Promise<Uint8Array> {
    const what = `control IN request ${setup.request}`;
    return this.#call(what, (resolve, reject) => {
      this.#device.timeout = timeoutMs;
      this.#device.controlTransfer(
        setup.requestType,
        setup.request,
        setup.value,
        setup.index,
        length,
        (error, data) => {
          if (error) reject(toUsbError(error, what));
          else
            resolve(
              data instanceof Uint8Array
                ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
                : new Uint8Array(0),
            );
        },
      );
    });
  }

  controlTransferOut(setup: ControlSetup, data: Uint8Array, timeoutMs: number): Promise<number> {
    const what = `control OUT request ${setup.request}`;
    const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    return this.#call(what, (resolve, reject) => {
      this.#device.timeout = timeoutMs;
      this.#device.controlTransfer(
        setup.requestType,
        setup.request,
        setup.value,
        setup.index,
        buffer,
        (error, sent) => {
          if (error) reject(toUsbError(error, what));
          else resolve(typeof sent === 'number' ? sent : data.length);
        },
      );
    });
  }

  /** The endpoint at `address` on a claimed interface (the fastboot interface has alternate 0 only). */
  #endpoint(address: number, what: string): LibusbEndpoint {
    for (const interfaceNumber of this.#claimed) {
      const endpoint = this.#device.interface(interfaceNumber).endpoint(address);
      if (endpoint !== undefined) return endpoint;
    }
    throw new UsbError('not-found', `${what}: no claimed interface has endpoint 0x${address.toString(16)}`);
  }

  bulkTransferOut(endpoint: number, data: Uint8Array, timeoutMs: number): Promise<number> {
    const what = `bulk OUT to endpoint 0x${endpoint.toString(16)}`;
    const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    return this.#call(what, (resolve, reject) => {
      const out = this.#endpoint(endpoint, what);
      if (!isOutEndpoint(out)) throw new UsbError('not-found', `${what}: it is not an OUT endpoint`);
      out.timeout = timeoutMs;
      out.transfer(buffer, (error, actual) => {
        if (error) reject(toUsbError(error, what));
        else resolve(actual);
      });
    });
  }

  bulkTransferIn(endpoint: number, length: number, timeoutMs: number): Promise<Uint8Array> {
    const what = `bulk IN from endpoint 0x${endpoint.toString(16)}`;
    return this.#call(what, (resolve, reject) => {
      const input = this.#endpoint(endpoint, what);
      if (!isInEndpoint(input)) throw new UsbError('not-found', `${what}: it is not an IN endpoint`);
      input.timeout = timeoutMs;
      input.transfer(length, (error, data) => {
        if (error) reject(toUsbError(error, what));
        else
          resolve(
            data === undefined
              ? new Uint8Array(0)
              : new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
          );
      });
    });
  }

  reset(): Promise<void> {
    return this.#call<undefined>('bus reset', (resolve, reject) => {
      this.#device.reset(settle(() => resolve(undefined), reject, 'bus reset'));
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    for (const interfaceNumber of [...this.#claimed]) {
      await this.releaseInterface(interfaceNumber).catch(() => undefined);
    }
    this.#closed = true;
    try {
      this.#device.close();
    } catch {
      // A device that left the bus may refuse to close; the handle is gone either way.
    }
  }
}
