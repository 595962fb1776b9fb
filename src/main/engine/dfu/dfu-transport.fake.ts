import { dfuRequest, dfuState, dfuStatus } from '../../protocol/dfu';
import type { DeviceIdentity } from '../../usb/device-identity';
import type { UsbConfigurationDescriptor, UsbInterfaceDescriptor } from '../../usb/usb-descriptors';
import { UsbError } from '../../usb/usb-error';
import type { ControlSetup, UsbTransport } from '../../usb/usb-transport';
import type { FakeClock } from './clock.fake';
import { deviceDescriptor, fakeUbootIdentity, functionalDescriptor } from './fake-dfu-descriptors';

export { FakeClock } from './clock.fake';
export { fakeUbootIdentity } from './fake-dfu-descriptors';

/** What the scripted board does; every field optional. */
export interface FakeDfuScript {
  readonly alternates?: readonly string[];
  readonly transferSize?: number;
  /** GETSTATUS answers dfuDNBUSY this many times after each block, then dfuDNLOAD-IDLE. */
  readonly busyPolls?: number;
  /** bwPollTimeout in the dfuDNBUSY answers. */
  readonly busyPollTimeoutMs?: number;
  /** bwPollTimeout in the dfuDNLOAD-IDLE answers. */
  readonly idlePollTimeoutMs?: number;
  /** bwPollTimeout in the dfuMANIFEST answer. */
  readonly manifestPollTimeoutMs?: number;
  /** The GETSTATUS after this block answers dfuERROR with this status. */
  readonly errorAfterBlock?: { readonly block: number; readonly status: number };
  /** The DNLOAD of this block stalls (and the board goes to dfuERROR). */
  readonly stallAtBlock?: number;
  /** After the zero-length block, GETSTATUS fails as a board that left the bus (MP15 ROM). */
  readonly leaveAfterManifest?: boolean;
  /** After the zero-length block, GETSTATUS is STALLed and the board stays, in dfuERROR (an MP15 ROM refusing). */
  readonly stallAfterManifest?: boolean;
  /** What UPLOAD answers (GetPhase), before truncation to wLength. */
  readonly uploadAnswer?: Uint8Array;
  /** What UPLOAD answers on these alternates (a partition's bytes), block by block; `uploadAnswer` elsewhere. */
  readonly uploadByAlternate?: ReadonlyMap<number, Uint8Array>;
  /** The state the board starts in. */
  readonly initialState?: number;
  /** What the handle reports as listed (default `fakeUbootIdentity`; strings null as on Windows and macOS). */
  readonly identity?: DeviceIdentity;
  /** What string descriptors 1–3 answer (manufacturer, product, serial); default `fakeUbootIdentity`'s. */
  readonly strings?: Pick<DeviceIdentity, 'manufacturer' | 'product' | 'serial'>;
  /**
   * The GETSTATUS after this block takes `ms` of clock time (U-Boot flushing its buffer); past the request's
   * timeout it fails as libusb's TIMED_OUT, at the timeout.
   */
  readonly slowStatus?: { readonly afterBlock: number; readonly ms: number };
}

export interface RecordedRequest {
  readonly request: number;
  readonly value: number;
  readonly length: number;
  readonly timeoutMs: number;
  readonly alternate: number;
  readonly at: number;
}

/** A scripted DFU board behind the `UsbTransport` seam, recording every request it receives. */
export class FakeDfuTransport implements UsbTransport {
  readonly identity: DeviceIdentity;
  readonly deviceDescriptor = deviceDescriptor;
  readonly configurationDescriptor: UsbConfigurationDescriptor;
  readonly requests: RecordedRequest[] = [];
  readonly blocks: Uint8Array[] = [];
  readonly #script: FakeDfuScript;
  readonly #clock: FakeClock;
  readonly #names: readonly string[];
  #state: number;
  #status: number = dfuStatus.ok;
  #busyLeft = 0;
  #alternate = 0;
  #uploadOffset = 0;
  #gone = false;
  claimed: number | null = null;
  closed = false;
  stringReads = 0;

  constructor(script: FakeDfuScript, clock: FakeClock) {
    this.#script = script;
    this.#clock = clock;
    this.identity = script.identity ?? fakeUbootIdentity;
    this.#state = script.initialState ?? dfuState.dfuIdle;
    this.#names = script.alternates ?? ['@rootfs/0x21/1*64Ke', '@virtual/0xf1/1*512Be'];
    const alternates: UsbInterfaceDescriptor[] = this.#names.map((_, alt) => ({
      bInterfaceNumber: 0,
      bAlternateSetting: alt,
      bNumEndpoints: 0,
      bInterfaceClass: 0xfe,
      bInterfaceSubClass: 0x01,
      bInterfaceProtocol: 0x02,
      iInterface: 4 + alt,
      extra:
        alt === this.#names.length - 1
          ? functionalDescriptor(script.transferSize ?? 1024)
          : new Uint8Array(0),
    }));
    this.configurationDescriptor = {
      bConfigurationValue: 1,
      iConfiguration: 0,
      bmAttributes: 0xc0,
      bMaxPower: 0x32,
      interfaces: [alternates],
      extra: new Uint8Array(0),
    };
  }

  get alternate(): number {
    return this.#alternate;
  }

  /** The DFU requests received, by name, in order. */
  names(): string[] {
    const byNumber = new Map<number, string>(
      Object.entries(dfuRequest).map(([name, value]): [number, string] => [value, name]),
    );
    return this.requests.map((entry) => byNumber.get(entry.request) ?? `request ${entry.request}`);
  }

  getStringDescriptor(index: number): Promise<string | null> {
    this.stringReads += 1;
    const strings = this.#script.strings ?? fakeUbootIdentity;
    const device = [null, strings.manufacturer, strings.product, strings.serial][index];
    return Promise.resolve(device === undefined ? (this.#names[index - 4] ?? null) : device);
  }

  claimInterface(interfaceNumber: number): Promise<void> {
    this.claimed = interfaceNumber;
    return Promise.resolve();
  }

  releaseInterface(): Promise<void> {
    this.claimed = null;
    return Promise.resolve();
  }

  setAlternateSetting(_interfaceNumber: number, alternateSetting: number): Promise<void> {
    this.#alternate = alternateSetting;
    return Promise.resolve();
  }

  #record(setup: ControlSetup, length: number, timeoutMs: number): void {
    this.requests.push({ ...setup, length, timeoutMs, alternate: this.#alternate, at: this.#clock.now() });
    if (this.#gone) throw new UsbError('no-device', 'LIBUSB_TRANSFER_NO_DEVICE');
  }

  #statusAnswer(pollTimeoutMs: number, state: number): Uint8Array {
    return Uint8Array.of(
      this.#status,
      pollTimeoutMs & 0xff,
      (pollTimeoutMs >> 8) & 0xff,
      pollTimeoutMs >> 16,
      state,
      0,
    );
  }

  #getStatus(): Uint8Array {
    const script = this.#script;
    switch (this.#state) {
      case dfuState.dfuDnloadSync: {
        const block = this.blocks.length - 1;
        if (script.errorAfterBlock?.block === block) {
          this.#state = dfuState.dfuError;
          this.#status = script.errorAfterBlock.status;
          return this.#statusAnswer(0, this.#state);
        }
        if (this.#busyLeft > 0) {
          this.#busyLeft -= 1;
          return this.#statusAnswer(script.busyPollTimeoutMs ?? 0, dfuState.dfuDnbusy);
        }
        this.#state = dfuState.dfuDnloadIdle;
        return this.#statusAnswer(script.idlePollTimeoutMs ?? 0, this.#state);
      }
      case dfuState.dfuManifestSync:
        if (script.leaveAfterManifest === true) {
          this.#gone = true;
          throw new UsbError('io', 'LIBUSB_TRANSFER_ERROR');
        }
        if (script.stallAfterManifest === true) {
          this.#state = dfuState.dfuError;
          this.#status = dfuStatus.errUnknown;
          throw new UsbError('stall', 'LIBUSB_ERROR_PIPE');
        }
        this.#state = dfuState.dfuManifest;
        return this.#statusAnswer(script.manifestPollTimeoutMs ?? 0, dfuState.dfuManifest);
      case dfuState.dfuManifest:
        this.#state = dfuState.dfuIdle;
        return this.#statusAnswer(0, this.#state);
      default:
        return this.#statusAnswer(0, this.#state);
    }
  }

  controlTransferIn(setup: ControlSetup, length: number, timeoutMs: number): Promise<Uint8Array> {
    try {
      this.#record(setup, length, timeoutMs);
      if (setup.request === dfuRequest.getStatus) {
        this.#takeTime(timeoutMs);
        return Promise.resolve(this.#getStatus());
      }
      if (setup.request === dfuRequest.getState) return Promise.resolve(Uint8Array.of(this.#state));
      if (setup.request === dfuRequest.upload) {
        const partition = this.#script.uploadByAlternate?.get(this.#alternate);
        if (partition !== undefined) {
          // Read in order: each block goes on where the last ended (a short one ends the partition).
          this.#uploadOffset = setup.value === 0 ? length : this.#uploadOffset + length;
          return Promise.resolve(partition.slice(this.#uploadOffset - length, this.#uploadOffset));
        }
        const answer = this.#script.uploadAnswer ?? new Uint8Array(0);
        return Promise.resolve(answer.slice(setup.value * length, (setup.value + 1) * length));
      }
      throw new UsbError('stall', 'unexpected IN request');
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #slowDone = false;

  /** A slow GETSTATUS (`slowStatus`): the clock moves on while it waits, and it times out like libusb. */
  #takeTime(timeoutMs: number): void {
    const slow = this.#script.slowStatus;
    if (slow === undefined || this.#slowDone || this.#state !== dfuState.dfuDnloadSync) return;
    if (this.blocks.length - 1 !== slow.afterBlock) return;
    this.#slowDone = true;
    this.#clock.advance(Math.min(slow.ms, timeoutMs));
    if (slow.ms > timeoutMs) throw new UsbError('timeout', 'LIBUSB_TRANSFER_TIMED_OUT');
  }

  controlTransferOut(setup: ControlSetup, data: Uint8Array, timeoutMs: number): Promise<number> {
    try {
      this.#record(setup, data.length, timeoutMs);
      this.#out(setup.request, data);
      return Promise.resolve(data.length);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #out(request: number, data: Uint8Array): void {
    if (request === dfuRequest.dnload) {
      if (data.length === 0) {
        this.#state = dfuState.dfuManifestSync;
        return;
      }
      if (this.#script.stallAtBlock === this.blocks.length) {
        this.#state = dfuState.dfuError;
        this.#status = dfuStatus.errStalledPkt;
        throw new UsbError('stall', 'LIBUSB_TRANSFER_STALL');
      }
      this.blocks.push(data.slice());
      this.#busyLeft = this.#script.busyPolls ?? 0;
      this.#state = dfuState.dfuDnloadSync;
    } else if (request === dfuRequest.clrStatus) {
      this.#state = dfuState.dfuIdle;
      this.#status = dfuStatus.ok;
    } else if (request === dfuRequest.abort) {
      this.#state = dfuState.dfuIdle;
    } else if (request === dfuRequest.detach) {
      this.#gone = true;
    }
  }

  bulkTransferOut(): Promise<number> {
    return Promise.reject(new UsbError('not-supported', 'a DFU device has no bulk endpoint'));
  }

  bulkTransferIn(): Promise<Uint8Array> {
    return Promise.reject(new UsbError('not-supported', 'a DFU device has no bulk endpoint'));
  }

  reset(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}
