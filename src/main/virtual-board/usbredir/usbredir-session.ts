import { usbStandardRequest } from '../../protocol/dfu';
import type { UsbDeviceEntry } from '../../usb/usb-backend';
import { isUsbError } from '../../usb/usb-error';
import type { VirtualBoard } from '../board/virtual-board';
import { entryKey } from '../bus/virtual-bus';
import type { VirtualBus } from '../bus/virtual-bus';
import { deviceDescriptorBytes } from '../usb-device/descriptor-bytes';
import type { RedirPacket } from './usbredir-framing';
import { RedirProtocolError, RedirReader, encodePacket, helloPacket } from './usbredir-framing';
import type { RedirControlTrace } from './usbredir-control';
import { RedirControlPackets, standardRequestStatus } from './usbredir-control';
import { RedirBulk } from './usbredir-bulk';
import { describeConnect, deviceConnectBody } from './usbredir-device-packets';
import { capability, deviceCapabilities, packetType, redirStatus } from './usbredir-protocol';
import { RedirSettings } from './usbredir-settings';

export interface RedirSessionOptions {
  readonly board: VirtualBoard;
  readonly bus: VirtualBus;
  /** Bytes to the peer. */
  readonly write: (bytes: Uint8Array) => void;
  readonly log: (line: string) => void;
  /** The peer broke the protocol: close the connection, saying `why`. */
  readonly close: (why: string) => void;
  /** Each control request as it arrives and its reply as it leaves (`board --usbredir-trace`). */
  readonly trace?: (event: RedirControlTrace) => void;
}

export const redirVersion = 'stm32mp-flasher virtual board';

const empty = new Uint8Array(0);

/**
 * One usbredir connection to one virtual board, on the device ("usb-host") side: a transport adapter in front
 * of the board's endpoint 0 (`VirtualBoard.control`, the handler the VirtualTransport uses), never a second DFU,
 * and of its bulk endpoints (`VirtualBoard.bulkOut`/`bulkIn`: U-Boot's fastboot gadget). ep_info and
 * interface_info describe what the board's configuration descriptor declares at the alternates selected.
 *
 * Each enumeration of the board is presented as one device: ep_info, interface_info, device_connect; when the
 * board leaves the bus, device_disconnect, and the next enumeration is connected only once the peer acknowledged
 * it (`device_disconnect_ack`). A packet is bound to the enumeration presented when it arrived: one that
 * arrives while no device is presented, or whose answer comes after its device left, is dropped without a
 * reply (model choice `redirGoneDevicePackets`, see model-choices.md).
 *
 * Every fault keeps its meaning, since it acts on the board: `no-return` leaves the device disconnected for good,
 * `full-speed` connects at usbredir speed 1, `stall`/`bad-status`/`unplug`/`brownout` come from the board's own
 * answers and bus events. `unopenable` and `other-port` have no usbredir equivalent (model choice `redirUnopenable`).
 */
export class RedirSession {
  readonly #options: RedirSessionOptions;
  readonly #reader = new RedirReader(deviceCapabilities);
  readonly #unsubscribe: (() => void)[];
  /** The enumeration the peer sees as connected, or null. */
  #presented: number | null = null;
  #awaitingAck = false;
  readonly #settings = new RedirSettings();
  readonly #bulk: RedirBulk;
  readonly #control: RedirControlPackets;
  #closed = false;

  constructor(options: RedirSessionOptions) {
    this.#options = options;
    const { bus } = options;
    this.#unsubscribe = [
      bus.on('attach', (entry) => this.#attached(entry)),
      bus.on('detach', (entry) => this.#detached(entry)),
    ];
    const dropped = (id: bigint, name: string): void =>
      this.#options.log(`${name} id ${id} dropped: its device has left`);
    const fail = (why: string): void => this.#options.close(why);
    this.#control = new RedirControlPackets({
      board: options.board,
      presented: () => (this.#closed ? null : this.#presented),
      reply: (id, header, data) => this.#send(packetType.controlPacket, id, header, data),
      drop: dropped,
      fail,
      ...(options.trace ? { trace: options.trace } : {}),
    });
    this.#bulk = new RedirBulk({
      board: options.board,
      reply: (id, header, data) => this.#send(packetType.bulkPacket, id, header, data),
      drop: (id) => dropped(id, 'bulk_packet'),
      fail,
    });
    options.write(helloPacket(redirVersion, deviceCapabilities));
  }

  /** The enumeration presented to the peer, or null while none is. */
  get presented(): number | null {
    return this.#presented;
  }

  /** Bytes from the peer. A protocol error closes the connection; nothing here throws. */
  receive(chunk: Uint8Array): void {
    if (this.#closed) return;
    try {
      for (const packet of this.#reader.push(chunk)) {
        if (this.#closed) return;
        this.#handle(packet);
      }
    } catch (error) {
      const why = error instanceof RedirProtocolError ? error.message : `internal error: ${String(error)}`;
      this.#options.close(why);
      this.dispose();
    }
  }

  /** The connection is gone: stop following the board. */
  dispose(): void {
    this.#closed = true;
    for (const stop of this.#unsubscribe) stop();
    this.#control.forget();
    this.#bulk.forget();
  }

  #handle(packet: RedirPacket): void {
    const { header, id } = packet;
    switch (packet.type) {
      case packetType.hello: {
        const version = new TextDecoder().decode(header).replace(/\0.*$/s, '');
        this.#options.log(
          `peer hello "${version}", capabilities 0x${(this.#reader.peerCaps ?? 0).toString(16)}`,
        );
        if (this.#options.board.attached) this.#connect();
        return;
      }
      case packetType.deviceDisconnectAck:
        if (!this.#awaitingAck)
          return this.#options.log('device_disconnect_ack without a disconnect: ignored');
        this.#awaitingAck = false;
        if (this.#options.board.attached) this.#connect();
        return;
      case packetType.reset:
        if (this.#presented === null) return this.#drop(packet);
        try {
          this.#options.board.busReset(this.#presented);
        } catch (error) {
          if (!isUsbError(error, 'no-device')) throw error;
        }
        return;
      case packetType.controlPacket:
        if (this.#presented === null) return this.#drop(packet);
        return this.#control.transfer(id, header, packet.data, this.#presented);
      case packetType.setConfiguration:
        return this.#setConfiguration(packet);
      case packetType.getConfiguration:
        if (this.#presented === null) return this.#drop(packet);
        return this.#send(
          packetType.configurationStatus,
          id,
          Uint8Array.of(redirStatus.success, this.#settings.configuration),
        );
      case packetType.setAltSetting:
        return this.#setAltSetting(packet);
      case packetType.getAltSetting: {
        if (this.#presented === null) return this.#drop(packet);
        const status = this.#settings.altSettingStatus(this.#options.board.personality, header[0] ?? 0);
        return this.#send(packetType.altSettingStatus, id, status);
      }
      case packetType.bulkPacket:
        if (this.#presented === null) return this.#drop(packet);
        return this.#bulk.transfer(id, header, packet.data, this.#presented);
      case packetType.cancelDataPacket: {
        if (!this.#bulk.cancel(id)) this.#control.cancel(id);
        return;
      }
      default:
        // Filters, streams, iso and interrupt traffic: the board has no such endpoints.
        this.#options.log(`${packet.name} ignored: the board has only control and bulk endpoints`);
    }
  }

  #setConfiguration(packet: RedirPacket): void {
    const enumeration = this.#presented;
    if (enumeration === null) return this.#drop(packet);
    const configuration = packet.header[0] ?? 0;
    this.#standard(
      enumeration,
      usbStandardRequest.setConfiguration,
      0x00,
      configuration,
      0,
      packet,
      (status) => {
        if (status === redirStatus.success) {
          this.#settings.configure(configuration);
          this.#sendEndpointsAndInterface();
        }
        const body = Uint8Array.of(status, this.#settings.configuration);
        this.#send(packetType.configurationStatus, packet.id, body);
      },
    );
  }

  #setAltSetting(packet: RedirPacket): void {
    const enumeration = this.#presented;
    if (enumeration === null) return this.#drop(packet);
    const iface = packet.header[0] ?? 0;
    const alternate = packet.header[1] ?? 0;
    this.#standard(enumeration, usbStandardRequest.setInterface, 0x01, alternate, iface, packet, (status) => {
      if (status === redirStatus.success) {
        this.#settings.select(iface, alternate);
        this.#sendEndpointsAndInterface();
      }
      const body = Uint8Array.of(status, iface, this.#settings.alternateOf(iface));
      this.#send(packetType.altSettingStatus, packet.id, body);
    });
  }

  /** SET_CONFIGURATION / SET_INTERFACE through the board's endpoint 0; `done` runs unless the device left. */
  #standard(
    enumeration: number,
    request: number,
    requestType: number,
    value: number,
    index: number,
    packet: RedirPacket,
    done: (status: number) => void,
  ): void {
    standardRequestStatus(this.#options.board, enumeration, { requestType, request, value, index })
      .then((status) => {
        if (this.#closed) return;
        if (status === null || this.#presented !== enumeration) return this.#drop(packet);
        done(status);
      })
      .catch((error: unknown) => this.#options.close(`internal error: ${String(error)}`));
  }

  #attached(entry: UsbDeviceEntry): void {
    if (this.#closed || this.#options.bus.boardOf(entry) !== this.#options.board) return;
    if (this.#reader.peerCaps === null || this.#awaitingAck || this.#presented !== null) return;
    this.#connect();
  }

  #detached(entry: UsbDeviceEntry): void {
    if (this.#closed || this.#presented === null) return;
    if (entry.key !== entryKey(this.#options.board, this.#presented)) return;
    this.#presented = null;
    this.#bulk.forget();
    this.#send(packetType.deviceDisconnect, 0n, empty);
    this.#awaitingAck = this.#reader.both(capability.deviceDisconnectAck);
    this.#options.log(
      this.#awaitingAck
        ? 'device_disconnect; holding the device until the peer acknowledges it'
        : 'device_disconnect',
    );
    if (!this.#awaitingAck && this.#options.board.attached) this.#connect();
  }

  /** ep_info, interface_info, device_connect of the board's current enumeration. */
  #connect(): void {
    const { board } = this.#options;
    const identity = board.identity();
    this.#presented = board.enumeration;
    this.#settings.configure(0);
    this.#sendEndpointsAndInterface();
    const withVersion = this.#reader.both(capability.connectDeviceVersion);
    this.#send(
      packetType.deviceConnect,
      0n,
      deviceConnectBody(identity, deviceDescriptorBytes(board.personality), withVersion),
    );
    this.#options.log(
      `device_connect ${describeConnect(identity)} (${board.stage}, enumeration ${board.enumeration})`,
    );
  }

  /** ep_info then interface_info: before a connect, and after each configuration or alternate change. */
  #sendEndpointsAndInterface(): void {
    const withSizes = this.#reader.both(capability.epInfoMaxPacketSize);
    const { epInfo, interfaceInfo } = this.#settings.describe(this.#options.board.personality, withSizes);
    this.#send(packetType.epInfo, 0n, epInfo);
    this.#send(packetType.interfaceInfo, 0n, interfaceInfo);
  }

  #drop(packet: RedirPacket): void {
    this.#options.log(`${packet.name} id ${packet.id} dropped: its device has left`);
  }

  #send(type: number, id: bigint, header: Uint8Array, data: Uint8Array = empty): void {
    if (this.#closed) return;
    this.#options.write(encodePacket(type, id, header, data, this.#reader.both(capability.ids64)));
  }
}
