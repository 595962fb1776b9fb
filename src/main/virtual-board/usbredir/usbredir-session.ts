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
import { controlReplyHeader, controlRequestOf, standardRequestStatus } from './usbredir-control';
import {
  describeConnect,
  deviceConnectBody,
  epInfoBody,
  interfaceInfoBody,
  statusOf,
} from './usbredir-device-packets';
import { capability, deviceCapabilities, packetType, redirStatus } from './usbredir-protocol';

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
 * of the board's endpoint 0 (`VirtualBoard.control`, the handler the VirtualTransport uses), never a second DFU.
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
  #configuration = 0;
  #alternate = 0;
  /** Control packets handed to the board and not yet answered, by id. */
  readonly #inFlight = new Map<bigint, Uint8Array>();
  #closed = false;

  constructor(options: RedirSessionOptions) {
    this.#options = options;
    const { bus } = options;
    this.#unsubscribe = [
      bus.on('attach', (entry) => this.#attached(entry)),
      bus.on('detach', (entry) => this.#detached(entry)),
    ];
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
    this.#inFlight.clear();
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
        return this.#control(packet);
      case packetType.setConfiguration:
        return this.#setConfiguration(packet);
      case packetType.getConfiguration:
        if (this.#presented === null) return this.#drop(packet);
        return this.#send(
          packetType.configurationStatus,
          id,
          Uint8Array.of(redirStatus.success, this.#configuration),
        );
      case packetType.setAltSetting:
        return this.#setAltSetting(packet);
      case packetType.getAltSetting: {
        if (this.#presented === null) return this.#drop(packet);
        const iface = header[0] ?? 0;
        const status = iface === 0 && this.#configuration !== 0 ? redirStatus.success : redirStatus.inval;
        return this.#send(
          packetType.altSettingStatus,
          id,
          Uint8Array.of(status, iface, status === 0 ? this.#alternate : 255),
        );
      }
      case packetType.cancelDataPacket: {
        const cancelled = this.#inFlight.get(id);
        if (!cancelled) return;
        this.#inFlight.delete(id);
        return this.#controlReply(id, cancelled, redirStatus.cancelled, 0, empty);
      }
      default:
        // Filters, streams, and bulk/iso/interrupt traffic: a DFU device has none of these endpoints.
        this.#options.log(`${packet.name} ignored: a DFU device has only endpoint 0`);
    }
  }

  #control(packet: RedirPacket): void {
    const { id, header, data } = packet;
    const enumeration = this.#presented;
    if (enumeration === null) return this.#drop(packet);
    const request = controlRequestOf(header, data);
    if (request === null) return this.#controlReply(id, header, redirStatus.inval, 0, empty);
    const isIn = (request.requestType & 0x80) !== 0;
    const traced = { requestType: request.requestType, request: request.request, value: request.value };
    this.#options.trace?.({ at: performance.now(), kind: 'request', ...traced, length: request.length });
    this.#inFlight.set(id, header);
    this.#options.board
      .control(enumeration, request)
      .then(
        (answer) => ({ status: redirStatus.success as number, answer }),
        (error: unknown) => ({ status: statusOf(error), answer: empty }),
      )
      .then(({ status, answer }) => {
        if (!this.#inFlight.delete(id) || this.#closed) return;
        if (status === null || this.#presented !== enumeration) return this.#drop(packet);
        const length = isIn ? answer.length : data.length;
        this.#options.trace?.({ at: performance.now(), kind: 'reply', ...traced, length, status });
        this.#controlReply(id, header, status, length, isIn ? answer : empty);
      })
      .catch((error: unknown) => this.#options.close(`internal error: ${String(error)}`));
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
          this.#configuration = configuration;
          this.#alternate = 0;
          this.#sendEndpointsAndInterface();
        }
        this.#send(packetType.configurationStatus, packet.id, Uint8Array.of(status, this.#configuration));
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
        this.#alternate = alternate;
        this.#sendEndpointsAndInterface();
      }
      this.#send(packetType.altSettingStatus, packet.id, Uint8Array.of(status, iface, this.#alternate));
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
    this.#configuration = 0;
    this.#alternate = 0;
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
    const ep0Size = deviceDescriptorBytes(this.#options.board.personality)[7] ?? 64;
    this.#send(packetType.epInfo, 0n, epInfoBody(ep0Size, this.#reader.both(capability.epInfoMaxPacketSize)));
    this.#send(packetType.interfaceInfo, 0n, interfaceInfoBody());
  }

  #controlReply(id: bigint, header: Uint8Array, status: number, length: number, data: Uint8Array): void {
    this.#send(packetType.controlPacket, id, controlReplyHeader(header, status, length), data);
  }

  #drop(packet: RedirPacket): void {
    this.#options.log(`${packet.name} id ${packet.id} dropped: its device has left`);
  }

  #send(type: number, id: bigint, header: Uint8Array, data: Uint8Array = empty): void {
    if (this.#closed) return;
    this.#options.write(encodePacket(type, id, header, data, this.#reader.both(capability.ids64)));
  }
}
