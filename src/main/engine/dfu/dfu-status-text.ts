import { dfuStatusTexts, undefinedDfuStatusText } from '../../../shared/errors';
import { dfuState, dfuStatus } from '../../protocol/dfu';
import type { DfuStateName, DfuStatusName } from '../../protocol/dfu';

/** The DFU 1.1 spelling of each status (as dfu-util and CubeProgrammer print it) and what it means. */
const statusText: Readonly<Record<DfuStatusName, { readonly label: string; readonly message: string }>> =
  dfuStatusTexts;

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
      message: undefinedDfuStatusText,
    };
  }
  return { status, name, ...statusText[name] };
}

/** `dfuIDLE`, `dfuDNBUSY`, … as in the DFU 1.1 specification; `state(N)` for values it does not define. */
export function dfuStateLabel(state: number): string {
  const name = stateNames.get(state);
  return name === undefined ? `state(${state})` : stateLabel[name];
}
