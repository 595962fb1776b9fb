/** USB DFU 1.1 as data: requests, states, statuses, descriptor bits (spec §2.4, §4.1). */

export const dfuRequest = {
  detach: 0,
  dnload: 1,
  upload: 2,
  getStatus: 3,
  clrStatus: 4,
  getState: 5,
  abort: 6,
} as const;
export type DfuRequest = (typeof dfuRequest)[keyof typeof dfuRequest];

/** bmRequestType of DFU class requests to an interface. */
export const dfuRequestType = { out: 0x21, in: 0xa1 } as const;

export const dfuState = {
  appIdle: 0,
  appDetach: 1,
  dfuIdle: 2,
  dfuDnloadSync: 3,
  dfuDnbusy: 4,
  dfuDnloadIdle: 5,
  dfuManifestSync: 6,
  dfuManifest: 7,
  dfuManifestWaitReset: 8,
  dfuUploadIdle: 9,
  dfuError: 10,
} as const;
export type DfuStateName = keyof typeof dfuState;
export type DfuState = (typeof dfuState)[DfuStateName];

export const dfuStatus = {
  ok: 0x00,
  errTarget: 0x01,
  errFile: 0x02,
  errWrite: 0x03,
  errErase: 0x04,
  errCheckErased: 0x05,
  errProg: 0x06,
  errVerify: 0x07,
  errAddress: 0x08,
  errNotDone: 0x09,
  errFirmware: 0x0a,
  errVendor: 0x0b,
  errUsbr: 0x0c,
  errPor: 0x0d,
  errUnknown: 0x0e,
  errStalledPkt: 0x0f,
} as const;
export type DfuStatusName = keyof typeof dfuStatus;
export type DfuStatus = (typeof dfuStatus)[DfuStatusName];

/** GETSTATUS answer: bStatus, bwPollTimeout (3 bytes LE), bState, iString. */
export const dfuStatusLength = 6;

/** DFU functional descriptor (type 0x21, 9 bytes). */
export const dfuFunctionalDescriptor = { type: 0x21, length: 9 } as const;

export const dfuAttribute = {
  canDownload: 0x01,
  canUpload: 0x02,
  manifestationTolerant: 0x04,
  willDetach: 0x08,
} as const;

/** DFU interface class/subclass/protocol in DFU mode. */
export const dfuInterfaceClass = { class: 0xfe, subClass: 0x01, protocol: 0x02 } as const;

/** bcdDFUVersion of every STM32MP stage (CubeProgrammer prints `FW version : 0x0110`). */
export const dfuVersion11 = 0x0110;

/** Standard requests and descriptor types the device side answers on endpoint 0. */
export const usbStandardRequest = {
  getStatus: 0,
  getDescriptor: 6,
  getConfiguration: 8,
  setConfiguration: 9,
  setInterface: 11,
} as const;
export const usbDescriptorType = {
  device: 1,
  configuration: 2,
  string: 3,
  interface: 4,
  deviceQualifier: 6,
} as const;

/** ST's vendor and DFU product id, in every stage (spec §2.1). */
export const stDfuUsbId = { vendorId: 0x0483, productId: 0xdf11 } as const;
