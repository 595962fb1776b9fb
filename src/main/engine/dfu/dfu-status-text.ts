import { dfuState, dfuStatus } from '../../protocol/dfu';
import type { DfuStateName, DfuStatusName } from '../../protocol/dfu';

/** The DFU 1.1 spelling of each status (as dfu-util and CubeProgrammer print it) and what it means. */
const statusText: Readonly<Record<DfuStatusName, { readonly label: string; readonly message: string }>> = {
  ok: { label: 'OK', message: 'No error condition is present.' },
  errTarget: { label: 'errTARGET', message: 'The file is not targeted for use by this device.' },
  errFile: { label: 'errFILE', message: 'The file is for this device but fails a vendor-specific check.' },
  errWrite: { label: 'errWRITE', message: 'The device is unable to write memory.' },
  errErase: { label: 'errERASE', message: 'The memory erase function failed.' },
  errCheckErased: { label: 'errCHECK_ERASED', message: 'The memory erase check failed.' },
  errProg: { label: 'errPROG', message: 'The program memory function failed.' },
  errVerify: { label: 'errVERIFY', message: 'The programmed memory failed verification.' },
  errAddress: { label: 'errADDRESS', message: 'Cannot program memory due to an address out of range.' },
  errNotDone: {
    label: 'errNOTDONE',
    message: 'Received a zero-length download but the device does not think it has all the data yet.',
  },
  errFirmware: {
    label: 'errFIRMWARE',
    message: "The device's firmware is corrupt; it cannot return to run-time operations.",
  },
  errVendor: {
    label: 'errVENDOR',
    message: 'A vendor-specific error; the string descriptor iString says more.',
  },
  errUsbr: { label: 'errUSBR', message: 'The device detected an unexpected USB reset signalling.' },
  errPor: { label: 'errPOR', message: 'The device detected an unexpected power-on reset.' },
  errUnknown: {
    label: 'errUNKNOWN',
    message: 'Something went wrong on the device, but it cannot tell what (U-Boot: a failed write).',
  },
  errStalledPkt: { label: 'errSTALLEDPKT', message: 'The device stalled an unexpected request.' },
};

const stateLabel: Readonly<Record<DfuStateName, string>> = {
  appIdle: 'appIDLE',
  appDetach: 'appDETACH',
  dfuIdle: 'dfuIDLE',
  dfuDnloadSync: 'dfuDNLOAD-SYNC',
  dfuDnbusy: 'dfuDNBUSY',
  dfuDnloadIdle: 'dfuDNLOAD-IDLE',
  dfuManifestSync: 'dfuMANIFEST-SYNC',
  dfuManifest: 'dfuMANIFEST',
  dfuManifestWaitReset: 'dfuMANIFEST-WAIT-RESET',
  dfuUploadIdle: 'dfuUPLOAD-IDLE',
  dfuError: 'dfuERROR',
};

export interface DecodedDfuStatus {
  readonly status: number;
  /** The protocol data's name (`errTarget`), or `null` for a value outside DFU 1.1. */
  readonly name: DfuStatusName | null;
  /** Stable label, the DFU 1.1 spelling: `OK`, `errTARGET` … `errSTALLEDPKT`; `status(0xNN)` otherwise. */
  readonly label: string;
  readonly message: string;
}

const statusNames = new Map<number, DfuStatusName>(
  (Object.entries(dfuStatus) as [DfuStatusName, number][]).map(([name, value]) => [value, name]),
);
const stateNames = new Map<number, DfuStateName>(
  (Object.entries(dfuState) as [DfuStateName, number][]).map(([name, value]) => [value, name]),
);

const hex = (value: number): string => `0x${value.toString(16).padStart(2, '0')}`;

export function decodeDfuStatus(status: number): DecodedDfuStatus {
  const name = statusNames.get(status) ?? null;
  if (name === null) {
    return {
      status,
      name,
      label: `status(${hex(status)})`,
      message: 'A status value DFU 1.1 does not define.',
    };
  }
  return { status, name, ...statusText[name] };
}

/** `dfuIDLE`, `dfuDNBUSY`, … as in the DFU 1.1 specification; `state(N)` for values it does not define. */
export function dfuStateLabel(state: number): string {
  const name = stateNames.get(state);
  return name === undefined ? `state(${state})` : stateLabel[name];
}
