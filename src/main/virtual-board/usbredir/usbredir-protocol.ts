/**
 * The usbredir protocol's vocabulary (spice usbredir, usb-redirection-protocol.md v0.7, usbredirproto.h):
 * packet types, capabilities, statuses, speeds. Data only.
 */
export const packetType = {
  hello: 0,
  deviceConnect: 1,
  deviceDisconnect: 2,
  reset: 3,
  interfaceInfo: 4,
  epInfo: 5,
  setConfiguration: 6,
  getConfiguration: 7,
  configurationStatus: 8,
  setAltSetting: 9,
  getAltSetting: 10,
  altSettingStatus: 11,
  startIsoStream: 12,
  stopIsoStream: 13,
  startInterruptReceiving: 15,
  stopInterruptReceiving: 16,
  allocBulkStreams: 18,
  freeBulkStreams: 19,
  cancelDataPacket: 21,
  filterReject: 22,
  filterFilter: 23,
  deviceDisconnectAck: 24,
  startBulkReceiving: 25,
  stopBulkReceiving: 26,
  controlPacket: 100,
  bulkPacket: 101,
  isoPacket: 102,
  interruptPacket: 103,
} as const;

export const capability = {
  bulkStreams: 0,
  connectDeviceVersion: 1,
  filter: 2,
  deviceDisconnectAck: 3,
  epInfoMaxPacketSize: 4,
  ids64: 5,
  bulkLength32: 6,
  bulkReceiving: 7,
} as const;

/** What the board's side advertises: the caps QEMU's xHCI demands (4, 5, 6) and the two it uses (1, 3). */
export const deviceCapabilities =
  (1 << capability.connectDeviceVersion) |
  (1 << capability.deviceDisconnectAck) |
  (1 << capability.epInfoMaxPacketSize) |
  (1 << capability.ids64) |
  (1 << capability.bulkLength32);

export const redirStatus = { success: 0, cancelled: 1, inval: 2, ioerror: 3, stall: 4, timeout: 5 } as const;

export const redirSpeed = { low: 0, full: 1, high: 2, super: 3, unknown: 255 } as const;

/** Endpoint types of ep_info. */
export const redirEndpointType = { control: 0, iso: 1, bulk: 2, interrupt: 3, invalid: 255 } as const;

/** The hello's version field: 64 bytes, NUL padded. */
export const helloVersionLength = 64;

/**
 * The largest packet body accepted from the peer: a control transfer's 64 KiB of data and its header, with
 * room to spare. A longer length closes the connection before its body is buffered.
 */
export const maxPacketBodyLength = 64 * 1024 + 1024;

/**
 * The largest bulk_packet body accepted: a whole fastboot download buffer in one transfer (32 MiB:
 * `CONFIG_FASTBOOT_BUF_SIZE=0x02000000` in ST's stm32mp13/15 defconfigs), and its header. Linux's usbfs caps
 * one URB at `usbfs_memory_mb` (16 MiB by default), so no guest sends more.
 */
export const maxBulkBodyLength = 32 * 1024 * 1024 + 16;

/** Both sides advertised `cap`. */
export function bothHave(ours: number, theirs: number, cap: number): boolean {
  return (ours & theirs & (1 << cap)) !== 0;
}
