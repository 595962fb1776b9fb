import { connect, type Socket } from 'node:net';
import { usbDescriptorType, usbStandardRequest } from '../../../protocol/dfu';
import { UsbError } from '../../../usb/usb-error';
import type { ControlSetup, UsbTransport } from '../../../usb/usb-transport';
import { parseConfigurationDescriptor, parseDeviceDescriptor } from '../../usb-device/descriptor-parser';
import { packetType, redirStatus } from '../usbredir-protocol';
import { GuestTransport } from './usbredir-guest-transport';

/** One packet from the device side, body whole (type header and data together). */
export interface GuestPacket {
  readonly type: number;
  readonly id: bigint;
  readonly body: Uint8Array;
}

export interface ControlAnswer {
  readonly status: number;
  readonly data: Uint8Array;
}

export interface BulkAnswer {
  readonly status: number;
  /** The reply header's length (with length_high): bytes taken (OUT) or sent (IN). */
  readonly length: number;
  readonly data: Uint8Array;
}

/**
 * Test support: a usbredir usb-guest doing what QEMU 7.2 does (hello with caps 0xff, 64-bit ids once both
 * hellos are out, control packets, set_configuration, set_alt_setting, device_disconnect_ack), with its own
 * framing so the board's reader is not judged by itself.
 */
export class RedirGuest {
  readonly socket: Socket;
  /** Resolves when the connection closes. */
  readonly closed: Promise<void>;
  readonly #queue: GuestPacket[] = [];
  readonly #waiters = new Set<() => void>();
  readonly #listeners = new Set<(packet: GuestPacket) => void>();
  #pending = Buffer.alloc(0);
  #ids64 = false;
  #nextId = 1n;

  private constructor(socket: Socket) {
    this.socket = socket;
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      this.#pending = Buffer.concat([this.#pending, chunk]);
      for (;;) {
        const headerLength = this.#ids64 ? 16 : 12;
        if (this.#pending.length < headerLength) break;
        const length = this.#pending.readUInt32LE(4);
        if (this.#pending.length < headerLength + length) break;
        const type = this.#pending.readUInt32LE(0);
        const id = this.#ids64 ? this.#pending.readBigUInt64LE(8) : BigInt(this.#pending.readUInt32LE(8));
        const body = Uint8Array.from(this.#pending.subarray(headerLength, headerLength + length));
        this.#pending = this.#pending.subarray(headerLength + length);
        // Both sides advertise 64bits_ids (caps 0xff here): every packet after the device's hello has them.
        if (type === packetType.hello) this.#ids64 = true;
        const packet = { type, id, body };
        this.#queue.push(packet);
        for (const listener of this.#listeners) listener(packet);
      }
      for (const wake of [...this.#waiters]) wake();
    });
  }

  /** Connects, sends the hello (caps 0xff, as QEMU 7.2) and waits for the device's. */
  static async connect(port: number, caps = 0xff): Promise<RedirGuest> {
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const guest = new RedirGuest(socket);
    const hello = Buffer.alloc(12 + 68);
    hello.writeUInt32LE(packetType.hello, 0);
    hello.writeUInt32LE(68, 4);
    hello.write('qemu usb-redir guest test', 12, 'latin1');
    hello.writeUInt32LE(caps, 76);
    socket.write(hello);
    await Promise.race([
      guest.next(packetType.hello),
      guest.closed.then(() => {
        throw new Error('the device side closed the connection before its hello');
      }),
    ]);
    return guest;
  }

  /** Takes the first queued packet of `type` (and matching `accept`), waiting for it up to `timeoutMs`. */
  next(
    type: number,
    accept: (packet: GuestPacket) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<GuestPacket> {
    return new Promise((resolve, reject) => {
      const look = (): boolean => {
        const at = this.#queue.findIndex((packet) => packet.type === type && accept(packet));
        if (at < 0) return false;
        const [packet] = this.#queue.splice(at, 1);
        if (packet) resolve(packet);
        return true;
      };
      if (look()) return;
      const wake = (): void => {
        if (!look()) return;
        clearTimeout(timer);
        this.#waiters.delete(wake);
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(wake);
        reject(new Error(`no packet of type ${type} within ${timeoutMs} ms`));
      }, timeoutMs);
      timer.unref();
      this.#waiters.add(wake);
    });
  }

  /** Calls `listener` with every packet as it arrives (it stays queued for `next` too). */
  onPacket(listener: (packet: GuestPacket) => void): void {
    this.#listeners.add(listener);
  }

  /** Every packet received and not taken yet, in order. */
  queued(): readonly GuestPacket[] {
    return this.#queue;
  }

  /** Sends one packet; answers its id. */
  send(type: number, body: Uint8Array = new Uint8Array(0), id: bigint = this.#nextId++): bigint {
    const header = Buffer.alloc(16);
    header.writeUInt32LE(type, 0);
    header.writeUInt32LE(body.length, 4);
    header.writeBigUInt64LE(id, 8);
    this.socket.write(Buffer.concat([header, body]));
    return id;
  }

  /** A control transfer as QEMU forwards it: the setup header (+ OUT data), answered with the same id. */
  async control(
    setup: ControlSetup,
    lengthOrData: number | Uint8Array,
    timeoutMs = 5000,
  ): Promise<ControlAnswer> {
    const data = typeof lengthOrData === 'number' ? new Uint8Array(0) : lengthOrData;
    const length = typeof lengthOrData === 'number' ? lengthOrData : lengthOrData.length;
    const header = Buffer.alloc(10);
    header.writeUInt8((setup.requestType & 0x80) !== 0 ? 0x80 : 0x00, 0);
    header.writeUInt8(setup.request, 1);
    header.writeUInt8(setup.requestType, 2);
    header.writeUInt16LE(setup.value, 4);
    header.writeUInt16LE(setup.index, 6);
    header.writeUInt16LE(length, 8);
    const id = this.send(packetType.controlPacket, Buffer.concat([header, data]));
    const reply = await this.next(packetType.controlPacket, (packet) => packet.id === id, timeoutMs);
    return { status: reply.body[3] ?? 255, data: reply.body.subarray(10) };
  }

  /**
   * A bulk transfer as QEMU forwards it: a 10-byte header (both sides have 32bits_bulk_length) with the length in
   * `length` and `length_high`, the OUT data after it; answered by a bulk_packet with the same id.
   */
  async bulk(endpoint: number, lengthOrData: number | Uint8Array, timeoutMs = 5000): Promise<BulkAnswer> {
    const id = this.sendBulk(endpoint, lengthOrData);
    return this.bulkReply(id, timeoutMs);
  }

  /** Sends a bulk_packet without waiting; answers its id (for `bulkReply`, or to cancel it). */
  sendBulk(endpoint: number, lengthOrData: number | Uint8Array, id?: bigint): bigint {
    const data = typeof lengthOrData === 'number' ? new Uint8Array(0) : lengthOrData;
    const length = typeof lengthOrData === 'number' ? lengthOrData : lengthOrData.length;
    const header = Buffer.alloc(10);
    header.writeUInt8(endpoint, 0);
    header.writeUInt16LE(length & 0xffff, 2);
    header.writeUInt16LE(Math.floor(length / 0x10000), 8);
    return this.send(packetType.bulkPacket, Buffer.concat([header, data]), id);
  }

  /** The bulk_packet answering `id`. */
  async bulkReply(id: bigint, timeoutMs = 5000): Promise<BulkAnswer> {
    const reply = await this.next(packetType.bulkPacket, (packet) => packet.id === id, timeoutMs);
    const body = Buffer.from(reply.body);
    return {
      status: body[1] ?? 255,
      length: body.readUInt16LE(2) + body.readUInt16LE(8) * 0x10000,
      data: reply.body.subarray(10),
    };
  }

  async descriptor(type: number, index: number, length: number, language = 0): Promise<Uint8Array> {
    const answer = await this.control(
      {
        requestType: 0x80,
        request: usbStandardRequest.getDescriptor,
        value: (type << 8) | index,
        index: language,
      },
      length,
    );
    if (answer.status !== redirStatus.success)
      throw new UsbError('stall', `descriptor status ${answer.status}`);
    return answer.data;
  }

  async string(index: number): Promise<string> {
    const bytes = await this.descriptor(usbDescriptorType.string, index, 255, 0x0409);
    return Buffer.from(bytes.subarray(2, bytes[0])).toString('utf16le');
  }

  /** set_configuration; answers the configuration_status body [status, configuration]. */
  async setConfiguration(configuration: number, timeoutMs = 5000): Promise<number[]> {
    const id = this.send(packetType.setConfiguration, Uint8Array.of(configuration));
    return [
      ...(await this.next(packetType.configurationStatus, (packet) => packet.id === id, timeoutMs)).body,
    ];
  }

  /** set_alt_setting; answers the alt_setting_status body [status, interface, alt]. */
  async setAltSetting(iface: number, alt: number): Promise<number[]> {
    const id = this.send(packetType.setAltSetting, Uint8Array.of(iface, alt));
    return [...(await this.next(packetType.altSettingStatus, (packet) => packet.id === id)).body];
  }

  /** The device now connected, read as a host would: a UsbTransport for the conformance helpers. */
  async open(): Promise<UsbTransport> {
    const device = parseDeviceDescriptor(await this.descriptor(usbDescriptorType.device, 0, 18));
    const head = await this.descriptor(usbDescriptorType.configuration, 0, 9);
    const total = (head[2] ?? 0) | ((head[3] ?? 0) << 8);
    const configuration = parseConfigurationDescriptor(
      await this.descriptor(usbDescriptorType.configuration, 0, total),
    );
    const [status] = await this.setConfiguration(1);
    if (status !== 0) throw new Error(`set_configuration status ${status}`);
    return new GuestTransport(this, device, configuration, {
      vendorId: device.idVendor,
      productId: device.idProduct,
      bcdDevice: device.bcdDevice,
      manufacturer: null,
      product: null,
      serial: null,
      busNumber: 1,
      portNumbers: [1],
      speed: 'unknown',
      virtual: true,
    });
  }

  close(): void {
    this.socket.destroy();
  }
}
