import { stDfuUsbId } from '../../protocol/dfu';
import { stFastbootUsbId } from '../../protocol/fastboot-usb';
import { existsSync } from 'node:fs';
import type { HotplugProblem, UsbBackend, UsbBackendEvent, UsbDeviceEntry } from '../usb-backend';
import type { UsbTransport } from '../usb-transport';
import { libusbDeviceEntry, libusbDeviceKey } from './libusb-device-entry';
import { configurationOf, readIdentityStrings } from './libusb-open-device';
import { toUsbError } from './libusb-error-codes';
import { LibusbTransport } from './libusb-transport';
import { openRefusalCode, openRefusalHint, UsbOpenError } from './open-refusal-hints';
import { sysfsDeviceAttributesReader } from './sysfs-device-attributes';
import type { ReadDeviceAttributes } from './sysfs-device-attributes';
import { loadUsbModule } from './usb-module';
import type { LibusbDeviceDescriptor, LibusbDevice, UsbModule } from './usb-module';

export interface LibusbBackendOptions {
  /** npm `usb` (default), a stub in tests, or `null` for a host without USB. */
  readonly usb?: UsbModule | null | (() => Promise<UsbModule | null>);
  /** Which devices to show (default: ST's DFU id 0483:df11, every STM32MP stage, and the fastboot gadget 0483:0afb). */
  readonly filter?: (descriptor: LibusbDeviceDescriptor) => boolean;
  /** Polling fallback period while someone listens (events get lost on some hosts); default 1000 ms. */
  readonly pollIntervalMs?: number;
  readonly readAttributes?: ReadDeviceAttributes;
  readonly platform?: NodeJS.Platform;
  /** Whether udevd runs (Linux): its control socket exists. Injected in tests. */
  readonly udevRunning?: () => boolean;
}

/** systemd-udevd and eudev both listen on this socket while they run. */
const udevControlSocket = '/run/udev/control';

/** ST's DFU id (every STM32MP stage) and U-Boot's fastboot gadget on ST boards (the fast path, issue 26). */
const listedUsbIds = [stDfuUsbId, stFastbootUsbId] as const;

const isStBoard = (descriptor: LibusbDeviceDescriptor): boolean =>
  listedUsbIds.some((id) => descriptor.idVendor === id.vendorId && descriptor.idProduct === id.productId);

type Listener = (device: UsbDeviceEntry) => void;

function hasHotplug(usb: UsbModule): boolean {
  try {
    return Boolean(usb._supportedHotplugEvents?.());
  } catch {
    return false;
  }
}

/**
 * Real boards through libusb (npm `usb` 2.18). Lists without opening; hotplug from libusb's events and a
 * polling fallback that catches lost ones; a host without USB (or without the native module) lists nothing.
 */
export class LibusbBackend implements UsbBackend {
  readonly #load: () => Promise<UsbModule | null>;
  readonly #filter: (descriptor: LibusbDeviceDescriptor) => boolean;
  readonly #pollIntervalMs: number;
  readonly #readAttributes: ReadDeviceAttributes;
  readonly #platform: NodeJS.Platform;
  readonly #udevRunning: () => boolean;
  readonly #listeners: Record<UsbBackendEvent, Set<Listener>> = { attach: new Set(), detach: new Set() };
  #module: Promise<UsbModule | null> | null = null;
  #known = new Map<string, UsbDeviceEntry>();
  #watching: { usb: UsbModule; timer: NodeJS.Timeout } | null = null;
  #starting: Promise<void> | null = null;
  #queue: Promise<void> = Promise.resolve();

  constructor(options: LibusbBackendOptions = {}) {
    const usb = options.usb === undefined ? loadUsbModule : options.usb;
    this.#load = typeof usb === 'function' ? usb : () => Promise.resolve(usb);
    this.#filter = options.filter ?? isStBoard;
    this.#pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.#readAttributes = options.readAttributes ?? sysfsDeviceAttributesReader(options.platform);
    this.#platform = options.platform ?? process.platform;
    this.#udevRunning = options.udevRunning ?? (() => existsSync(udevControlSocket));
  }

  /** On Linux, libusb (built with udev) sees new devices only through udevd: without it, none come back. */
  hotplugProblem(): HotplugProblem | null {
    return this.#platform === 'linux' && !this.#udevRunning() ? 'udev-not-running' : null;
  }

  #usb(): Promise<UsbModule | null> {
    this.#module ??= this.#load().catch(() => null);
    return this.#module;
  }

  #devices(usb: UsbModule): LibusbDevice[] {
    try {
      return usb.getDeviceList().filter((device) => this.#filter(device.deviceDescriptor));
    } catch {
      return [];
    }
  }

  async list(): Promise<readonly UsbDeviceEntry[]> {
    const usb = await this.#usb();
    if (usb === null) return [];
    return Promise.all(this.#devices(usb).map((device) => libusbDeviceEntry(device, this.#readAttributes)));
  }

  on(event: UsbBackendEvent, listener: Listener): () => void {
    this.#listeners[event].add(listener);
    void this.#start();
    return () => {
      this.#listeners[event].delete(listener);
      if (this.#listeners.attach.size + this.#listeners.detach.size === 0) this.#stop();
    };
  }

  /** Resolves once hotplug watching is running (events subscribed, first snapshot taken). */
  whenWatching(): Promise<void> {
    return this.#starting ?? Promise.resolve();
  }

  #start(): Promise<void> {
    this.#starting ??= (async () => {
      const usb = await this.#usb();
      if (usb === null || this.#watching !== null || this.#listenerCount() === 0) return;
      usb.on('attach', this.#onAttach);
      usb.on('detach', this.#onDetach);
      try {
        usb.unrefHotplugEvents?.();
      } catch {
        // Only an optimisation: the poll timer is unref'd anyway.
      }
      // A bounded poll only where the platform has no hotplug (npm `usb` says so): elsewhere its events suffice.
      const timer = setInterval(() => void this.pollNow(), this.#pollIntervalMs);
      timer.unref();
      if (hasHotplug(usb)) clearInterval(timer);
      this.#watching = { usb, timer };
      const entries = await this.list();
      this.#known = new Map(entries.map((entry) => [entry.key, entry]));
    })().finally(() => {
      this.#starting = null;
    });
    return this.#starting;
  }

  #listenerCount(): number {
    return this.#listeners.attach.size + this.#listeners.detach.size;
  }

  #stop(): void {
    const watching = this.#watching;
    if (watching === null) return;
    this.#watching = null;
    clearInterval(watching.timer);
    watching.usb.removeListener('attach', this.#onAttach);
    watching.usb.removeListener('detach', this.#onDetach);
    this.#known.clear();
  }

  /** Stops watching and forgets every listener. */
  dispose(): void {
    this.#listeners.attach.clear();
    this.#listeners.detach.clear();
    this.#stop();
  }

  #serial(task: () => Promise<void>): Promise<void> {
    this.#queue = this.#queue.then(task).catch(() => undefined);
    return this.#queue;
  }

  readonly #onAttach = (device: LibusbDevice): void => {
    if (!this.#filter(device.deviceDescriptor)) return;
    void this.#serial(async () => {
      const entry = await libusbDeviceEntry(device, this.#readAttributes);
      this.#arrived(entry);
    });
  };

  readonly #onDetach = (device: LibusbDevice): void => {
    const key = libusbDeviceKey(device);
    void this.#serial(() => {
      this.#left(key);
      return Promise.resolve();
    });
  };

  #arrived(entry: UsbDeviceEntry): void {
    if (this.#watching === null || this.#known.has(entry.key)) return;
    this.#known.set(entry.key, entry);
    for (const listener of [...this.#listeners.attach]) listener(entry);
  }

  #left(key: string): void {
    const entry = this.#known.get(key);
    if (this.#watching === null || entry === undefined) return;
    this.#known.delete(key);
    for (const listener of [...this.#listeners.detach]) listener(entry);
  }

  /** One polling pass: announces devices no event announced, and departures no event reported. */
  pollNow(): Promise<void> {
    return this.#serial(async () => {
      if (this.#watching === null) return;
      const entries = await this.list();
      const present = new Set(entries.map((entry) => entry.key));
      for (const key of [...this.#known.keys()]) if (!present.has(key)) this.#left(key);
      for (const entry of entries) this.#arrived(entry);
    });
  }

  async open(entry: UsbDeviceEntry): Promise<UsbTransport> {
    const usb = await this.#usb();
    const device =
      usb === null ? undefined : this.#devices(usb).find((d) => libusbDeviceKey(d) === entry.key);
    if (device === undefined) {
      throw new UsbOpenError(
        'no-device',
        `${entry.key} is no longer on the bus`,
        openRefusalHint('no-device', this.#platform),
      );
    }
    try {
      device.open();
    } catch (error) {
      const usbError = toUsbError(error, `opening ${entry.key}`);
      const code = openRefusalCode(usbError.code, this.#platform);
      throw new UsbOpenError(code, usbError.message, openRefusalHint(code, this.#platform));
    }
    try {
      const configuration = configurationOf(device);
      const identity = await readIdentityStrings(device, entry.identity);
      return new LibusbTransport(device, identity, configuration);
    } catch (error) {
      try {
        device.close();
      } catch {
        // already gone
      }
      throw toUsbError(error, `reading the descriptors of ${entry.key}`);
    }
  }
}
