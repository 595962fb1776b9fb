import { EventEmitter } from 'node:events';
import type {
  LibusbCallback,
  LibusbEndpoint,
  LibusbError as LibusbErrorType,
  LibusbInEndpoint,
  LibusbOutEndpoint,
  LibusbConfigDescriptor,
  LibusbDevice,
  LibusbDeviceDescriptor,
  LibusbError,
  LibusbInterface,
  UsbModule,
} from './usb-module';

export interface FakeDeviceInit {
  readonly bus?: number;
  readonly ports?: readonly number[];
  readonly address?: number;
  readonly vendorId?: number;
  readonly productId?: number;
  readonly strings?: Readonly<Record<number, string>>;
  /** `LIBUSB_ERROR_*` thrown by `open`. */
  readonly openErrno?: number;
  /** `LIBUSB_TRANSFER_*` status every control transfer completes with. */
  readonly transferErrno?: number;
  /** Bytes an IN control transfer answers. */
  readonly inAnswer?: Uint8Array;
  /** What a bulk IN transfer on 0x81 brings (default: nothing). */
  readonly bulkIn?: (length: number) => Uint8Array;
  /** `LIBUSB_TRANSFER_*` status every bulk transfer completes with. */
  readonly bulkErrno?: number;
}

/** One bulk transfer the adapter submitted: its endpoint's direction, the bytes or length, the timeout set. */
export interface FakeBulkTransfer {
  readonly endpoint: number;
  readonly data: Buffer | number;
  readonly timeout: number;
}

const libusbError = (errno: number, message = `errno ${errno}`): LibusbError & Error =>
  Object.assign(new Error(message), { errno });

const configuration: LibusbConfigDescriptor = {
  bConfigurationValue: 1,
  iConfiguration: 0,
  bmAttributes: 0xc0,
  bMaxPower: 0x32,
  extra: new Uint8Array(0),
  interfaces: [
    [
      {
        bInterfaceNumber: 0,
        bAlternateSetting: 0,
        bNumEndpoints: 0,
        bInterfaceClass: 0xfe,
        bInterfaceSubClass: 1,
        bInterfaceProtocol: 2,
        iInterface: 4,
        extra: Uint8Array.of(9, 0x21, 0x0f, 0xff, 0, 0, 4, 0x10, 0x01),
      },
    ],
  ],
};

/** U-Boot's fastboot gadget (f_fastboot.c): one vendor interface, bulk IN 0x81 and OUT 0x01, High Speed. */
const fastbootConfiguration: LibusbConfigDescriptor = {
  ...configuration,
  interfaces: [
    [
      {
        bInterfaceNumber: 0,
        bAlternateSetting: 0,
        bNumEndpoints: 2,
        bInterfaceClass: 0xff,
        bInterfaceSubClass: 0x42,
        bInterfaceProtocol: 0x03,
        iInterface: 4,
        extra: new Uint8Array(0),
        endpoints: [
          { bEndpointAddress: 0x81, bmAttributes: 2, wMaxPacketSize: 512 },
          { bEndpointAddress: 0x01, bmAttributes: 2, wMaxPacketSize: 512 },
        ],
      },
    ],
  ],
};

/** A stand-in for npm `usb`'s Device, recording what the adapter asks of it. */
export class FakeLibusbDevice implements LibusbDevice {
  readonly busNumber: number;
  readonly deviceAddress: number;
  readonly portNumbers: readonly number[];
  readonly deviceDescriptor: LibusbDeviceDescriptor;
  readonly init: FakeDeviceInit;
  timeout = 1000;
  isOpen = false;
  throwOnClose = false;
  readonly calls: string[] = [];
  readonly transfers: { requestType: number; request: number; data: number | Buffer; timeout: number }[] = [];

  constructor(init: FakeDeviceInit = {}) {
    this.init = init;
    this.busNumber = init.bus ?? 1;
    this.portNumbers = init.ports ?? [2];
    this.deviceAddress = init.address ?? 5;
    this.deviceDescriptor = {
      bcdUSB: 0x0200,
      bDeviceClass: 0,
      bDeviceSubClass: 0,
      bDeviceProtocol: 0,
      bMaxPacketSize0: 64,
      idVendor: init.vendorId ?? 0x0483,
      idProduct: init.productId ?? 0xdf11,
      bcdDevice: 0x0200,
      iManufacturer: 1,
      iProduct: 2,
      iSerialNumber: 3,
      bNumConfigurations: 1,
    };
  }

  get configDescriptor(): LibusbConfigDescriptor | undefined {
    if (!this.isOpen) return undefined;
    return this.deviceDescriptor.idProduct === 0x0afb ? fastbootConfiguration : configuration;
  }

  open(): void {
    this.calls.push('open');
    if (this.init.openErrno !== undefined) throw libusbError(this.init.openErrno, 'LIBUSB_ERROR');
    this.isOpen = true;
  }

  close(): void {
    this.calls.push('close');
    if (this.throwOnClose) throw new Error('LIBUSB_ERROR_NO_DEVICE');
    this.isOpen = false;
  }

  readonly bulkTransfers: FakeBulkTransfer[] = [];

  interface(interfaceNumber: number): LibusbInterface {
    return {
      claim: () => this.calls.push(`claim ${interfaceNumber}`),
      endpoint: (address) => (address === 0x81 || address === 0x01 ? this.#endpoint(address) : undefined),
    };
  }

  /** Bulk endpoints 0x81 (IN) and 0x01 (OUT), as U-Boot's fastboot gadget has them. */
  #endpoint(address: number): LibusbEndpoint {
    const error = (): LibusbErrorType | undefined =>
      this.init.bulkErrno === undefined ? undefined : libusbError(this.init.bulkErrno);
    if (address === 0x81) {
      const input: LibusbInEndpoint = {
        direction: 'in',
        timeout: 0,
        transfer: (length, callback) => {
          this.bulkTransfers.push({ endpoint: address, data: length, timeout: input.timeout });
          const data = Buffer.from(this.init.bulkIn?.(length) ?? new Uint8Array(0));
          setImmediate(() => callback(error(), data));
        },
      };
      return input;
    }
    const output: LibusbOutEndpoint = {
      direction: 'out',
      timeout: 0,
      transfer: (buffer, callback) => {
        this.bulkTransfers.push({ endpoint: address, data: Buffer.from(buffer), timeout: output.timeout });
        setImmediate(() => callback?.(error(), buffer.length));
      },
    };
    return output;
  }

  __releaseInterface(interfaceNumber: number, callback: LibusbCallback): void {
    this.calls.push(`release ${interfaceNumber}`);
    setImmediate(() => callback());
  }

  __setInterface(interfaceNumber: number, alternate: number, callback: LibusbCallback): void {
    this.calls.push(`alt ${interfaceNumber}/${alternate}`);
    setImmediate(() => callback());
  }

  controlTransfer(
    requestType: number,
    request: number,
    _value: number,
    _index: number,
    data: number | Buffer,
    callback?: (error: LibusbError | undefined, data: Buffer | number | undefined) => void,
  ): this {
    this.transfers.push({ requestType, request, data, timeout: this.timeout });
    const errno = this.init.transferErrno;
    setImmediate(() => {
      if (errno !== undefined) callback?.(libusbError(errno), undefined);
      else if (typeof data === 'number')
        callback?.(undefined, Buffer.from(this.init.inAnswer ?? new Uint8Array(data)));
      else callback?.(undefined, data.length);
    });
    return this;
  }

  getStringDescriptor(index: number, callback: (error?: LibusbError, value?: string) => void): void {
    setImmediate(() => callback(undefined, this.init.strings?.[index]));
  }

  reset(callback: LibusbCallback): void {
    this.calls.push('reset');
    setImmediate(() => callback());
  }
}

/** A stand-in for the `usb` module: a device list the test edits, and attach/detach events it may withhold. */
export class FakeUsbModule extends EventEmitter implements UsbModule {
  devices: FakeLibusbDevice[] = [];
  lists = 0;
  /** What npm `usb` says of the platform's hotplug (false: it polls itself, and so does the backend). */
  hotplug = false;

  getDeviceList(): FakeLibusbDevice[] {
    this.lists += 1;
    return [...this.devices];
  }

  _supportedHotplugEvents(): boolean {
    return this.hotplug;
  }

  plug(device: FakeLibusbDevice, announce = true): void {
    this.devices.push(device);
    if (announce) this.emit('attach', device);
  }

  unplug(device: FakeLibusbDevice, announce = true): void {
    this.devices = this.devices.filter((present) => present !== device);
    if (announce) this.emit('detach', device);
  }
}
