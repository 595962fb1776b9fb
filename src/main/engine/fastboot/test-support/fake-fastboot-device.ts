import type { DeviceIdentity } from '../../../usb/device-identity';
import type { UsbConfigurationDescriptor, UsbDeviceDescriptor } from '../../../usb/usb-descriptors';
import { UsbError } from '../../../usb/usb-error';
import type { UsbTransport } from '../../../usb/usb-transport';
import { applySparseImage, sparseMagic } from './sparse-image-reader';

/**
 * A fastboot device for the engine's tests, written from U-Boot's drivers/fastboot (not the virtual board): it
 * answers commands on bulk OUT 0x01 with replies on bulk IN 0x81, takes `download:` data, and `flash:` writes the
 * download (raw, or sparse through the test's reader) into named partitions.
 */
export interface FakeFastbootOptions {
  readonly maxDownloadSize?: number;
  /** Partitions by name, each its bytes (a `flash` writes into them). */
  readonly partitions?: Record<string, Uint8Array>;
  /** INFO lines sent before the OKAY of each `flash`. */
  readonly flashInfo?: readonly string[];
  /** Commands answered FAIL with this text (matched on the whole command). */
  readonly fail?: Readonly<Record<string, string>>;
  /** After this many bytes of a data phase, every transfer fails with no-device (the board was unplugged). */
  readonly unplugAfterBytes?: number;
  /** Max packet size of the endpoints (512 High Speed, 64 Full Speed). */
  readonly maxPacketSize?: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class FakeFastbootDevice implements UsbTransport {
  readonly identity: DeviceIdentity = {
    vendorId: 0x0483,
    productId: 0x0afb,
    bcdDevice: 0x0200,
    manufacturer: 'STMicroelectronics',
    product: null,
    serial: '002400453338510A34383432',
    busNumber: 1,
    portNumbers: [2],
    speed: 'high',
    virtual: false,
  };
  readonly deviceDescriptor: UsbDeviceDescriptor = {
    bcdUSB: 0x0200,
    bDeviceClass: 0,
    bDeviceSubClass: 0,
    bDeviceProtocol: 0,
    bMaxPacketSize0: 64,
    idVendor: 0x0483,
    idProduct: 0x0afb,
    bcdDevice: 0x0200,
    iManufacturer: 1,
    iProduct: 2,
    iSerialNumber: 3,
    bNumConfigurations: 1,
  };
  readonly configurationDescriptor: UsbConfigurationDescriptor;
  readonly commands: string[] = [];
  /** Every download, as received. */
  readonly downloads: Uint8Array[] = [];
  /** Each bulk transfer's size and timeout, in order. */
  readonly transfers: { direction: 'in' | 'out'; bytes: number; timeoutMs: number }[] = [];
  claimed = new Set<number>();
  readonly #options: FakeFastbootOptions;
  readonly #replies: string[] = [];
  #download: { data: Uint8Array; received: number } | null = null;
  #last: Uint8Array | null = null;
  #dataBytes = 0;

  constructor(options: FakeFastbootOptions = {}) {
    this.#options = options;
    const packet = options.maxPacketSize ?? 512;
    this.configurationDescriptor = {
      bConfigurationValue: 1,
      iConfiguration: 0,
      bmAttributes: 0xc0,
      bMaxPower: 1,
      extra: new Uint8Array(0),
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
              { bEndpointAddress: 0x81, bmAttributes: 2, wMaxPacketSize: packet },
              { bEndpointAddress: 0x01, bmAttributes: 2, wMaxPacketSize: packet },
            ],
          },
        ],
      ],
    };
  }

  get maxDownloadSize(): number {
    return this.#options.maxDownloadSize ?? 0x02000000;
  }

  partition(name: string): Uint8Array | undefined {
    return this.#options.partitions?.[name];
  }

  getStringDescriptor(): Promise<string | null> {
    return Promise.resolve(null);
  }
  claimInterface(interfaceNumber: number): Promise<void> {
    this.claimed.add(interfaceNumber);
    return Promise.resolve();
  }
  releaseInterface(interfaceNumber: number): Promise<void> {
    this.claimed.delete(interfaceNumber);
    return Promise.resolve();
  }
  setAlternateSetting(): Promise<void> {
    return Promise.resolve();
  }
  controlTransferIn(): Promise<Uint8Array> {
    return Promise.reject(new UsbError('stall', 'no control requests here'));
  }
  controlTransferOut(): Promise<number> {
    return Promise.reject(new UsbError('stall', 'no control requests here'));
  }
  reset(): Promise<void> {
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }

  bulkTransferOut(endpoint: number, data: Uint8Array, timeoutMs: number): Promise<number> {
    this.transfers.push({ direction: 'out', bytes: data.length, timeoutMs });
    if (endpoint !== 0x01 || !this.claimed.has(0)) return Promise.reject(new UsbError('stall', 'bulk OUT'));
    const download = this.#download;
    if (download !== null) {
      this.#dataBytes += data.length;
      const unplug = this.#options.unplugAfterBytes;
      if (unplug !== undefined && this.#dataBytes > unplug)
        return Promise.reject(new UsbError('no-device', 'bulk OUT: LIBUSB_TRANSFER_NO_DEVICE'));
      if (download.received + data.length > download.data.length) {
        this.#replies.push('FAILReceived invalid data length');
        this.#download = null;
        return Promise.resolve(data.length);
      }
      download.data.set(data, download.received);
      download.received += data.length;
      if (download.received === download.data.length) {
        this.#last = download.data;
        this.downloads.push(download.data);
        this.#download = null;
        this.#replies.push('OKAY');
      }
      return Promise.resolve(data.length);
    }
    if (data.length > 64) return Promise.reject(new UsbError('stall', 'command longer than 64 bytes'));
    this.#command(decoder.decode(data));
    return Promise.resolve(data.length);
  }

  bulkTransferIn(endpoint: number, length: number, timeoutMs: number): Promise<Uint8Array> {
    this.transfers.push({ direction: 'in', bytes: length, timeoutMs });
    if (endpoint !== 0x81 || !this.claimed.has(0)) return Promise.reject(new UsbError('stall', 'bulk IN'));
    const reply = this.#replies.shift();
    if (reply === undefined)
      return Promise.reject(new UsbError('timeout', 'bulk IN: LIBUSB_TRANSFER_TIMED_OUT'));
    return Promise.resolve(encoder.encode(reply).subarray(0, Math.min(64, length)));
  }

  #command(command: string): void {
    this.commands.push(command);
    const failure = this.#options.fail?.[command];
    if (failure !== undefined) {
      this.#replies.push(`FAIL${failure}`);
      return;
    }
    const [name = '', argument = ''] = splitAtColon(command);
    if (name === 'getvar') this.#replies.push(...this.#getvar(argument));
    else if (name === 'download') this.#startDownload(argument);
    else if (name === 'flash') this.#replies.push(...this.#flash(argument));
    else if (name === 'erase' || name === 'oem format' || name === 'reboot') this.#replies.push('OKAY');
    else this.#replies.push('FAILunrecognized command');
  }

  #getvar(variable: string): string[] {
    if (variable === 'version') return ['OKAY0.4'];
    if (variable === 'max-download-size')
      return [`OKAY0x${this.maxDownloadSize.toString(16).padStart(8, '0')}`];
    return ['FAILVariable not implemented'];
  }

  #startDownload(argument: string): void {
    const size = Number.parseInt(argument, 16);
    if (!(size > 0)) this.#replies.push('FAILExpected nonzero image size');
    else if (size > this.maxDownloadSize) this.#replies.push(`FAIL${argument}`);
    else {
      this.#download = { data: new Uint8Array(size), received: 0 };
      this.#dataBytes = 0;
      this.#replies.push(`DATA${argument}`);
    }
  }

  #flash(name: string): string[] {
    const target = this.partition(name);
    const image = this.#last;
    if (target === undefined) return ['FAILinvalid partition or device'];
    if (image === null) return ['FAILno image downloaded'];
    const info = (this.#options.flashInfo ?? []).map((line) => `INFO${line}`);
    const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
    try {
      if (image.length >= 28 && view.getUint32(0, true) === sparseMagic) applySparseImage(image, target);
      else if (image.length > target.length) return [...info, 'FAILtoo large for partition'];
      else target.set(image);
    } catch (error) {
      return [...info, `FAIL${error instanceof Error ? error.message : String(error)}`];
    }
    return [...info, 'OKAY'];
  }
}

/** U-Boot's fb_command.c: the command name is what precedes the first colon. */
function splitAtColon(command: string): [string, string] {
  const colon = command.indexOf(':');
  return colon < 0 ? [command, ''] : [command.slice(0, colon), command.slice(colon + 1)];
}
