/**
 * The `--sim-fault` vocabulary (issue 14 §6), parsed once. Blocks are counted from 0 within a
 * partition, in the stage's transfer size. Stage-change faults apply at every stage change that re-enumerates.
 */
export interface BoardFaults {
  readonly noDetach: boolean;
  readonly noReturn: boolean;
  /** Extra real-time delay before coming back, in ms (never scaled by the speed mode). */
  readonly slowReturnMs: number;
  readonly fullSpeed: boolean;
  readonly otherPort: boolean;
  readonly unopenable: boolean;
  readonly noSerial: boolean;
  readonly unplug: BlockFault | null;
  /**
   * `unplug=download:<n>`: on the fast path, the board loses power while taking the n-th (from 0) OUT request of
   * fastboot download data, counted over every download of its fastboot stage (4096 bytes each, `EP_BUFFER_SIZE`).
   */
  readonly unplugDownload: number | null;
  /** `fastboot-no-return`: the script's `fastboot usb 0` leaves the stm32prog gadget and never enumerates. */
  readonly fastbootNoReturn: boolean;
  /** `flash-fail=<name>`: fastboot's write to that partition fails as on a failing card (`failed writing to device`). */
  readonly flashFail: string | null;
  readonly stall: BlockFault | null;
  readonly badStatus: number | null;
  /** Once this partition is written, bytes of it are flipped in the memory (`corrupt=<id>[:<offset>]`). */
  readonly corrupt: CorruptFault | null;
  /** How many re-enumerating stage changes come back in the ROM code. */
  readonly brownouts: number;
}

export interface BlockFault {
  readonly partitionId: number;
  readonly block: number;
}

export interface CorruptFault {
  readonly partitionId: number;
  /** The first flipped byte, from the partition's start; null: the middle of the bytes written. */
  readonly offset: number | null;
}

export const noFaults: BoardFaults = {
  noDetach: false,
  noReturn: false,
  slowReturnMs: 0,
  fullSpeed: false,
  otherPort: false,
  unopenable: false,
  noSerial: false,
  unplug: null,
  unplugDownload: null,
  fastbootNoReturn: false,
  flashFail: null,
  stall: null,
  badStatus: null,
  corrupt: null,
  brownouts: 0,
};

export const faultNames = [
  'no-detach',
  'no-return',
  'slow-return',
  'full-speed',
  'other-port',
  'unopenable',
  'no-serial',
  'unplug',
  'stall',
  'bad-status',
  'corrupt',
  'brownout',
  'fastboot-no-return',
  'flash-fail',
] as const;

const integer = (text: string): number | null => {
  if (!/^(0x[0-9a-f]+|\d+)$/i.test(text)) return null;
  return Number(text);
};

function blockFault(value: string | undefined): BlockFault | string {
  const [part, block] = (value ?? '').split(':');
  const partitionId = integer(part ?? '');
  const blockNumber = integer(block ?? '');
  if (partitionId === null || blockNumber === null) return 'expects <partId>:<block>, e.g. 0x22:5';
  return { partitionId, block: blockNumber };
}

/** Adds one fault (`name` or `name=value`) to a set; answers the new set or why the text is wrong. */
export function addFault(faults: BoardFaults, text: string): BoardFaults | string {
  const eq = text.indexOf('=');
  const name = eq < 0 ? text : text.slice(0, eq);
  const value = eq < 0 ? undefined : text.slice(eq + 1);
  const flag = (key: keyof BoardFaults): BoardFaults | string =>
    value === undefined ? { ...faults, [key]: true } : `${name} takes no value`;
  switch (name) {
    case 'no-detach':
      return flag('noDetach');
    case 'no-return':
      return flag('noReturn');
    case 'full-speed':
      return flag('fullSpeed');
    case 'other-port':
      return flag('otherPort');
    case 'unopenable':
      return flag('unopenable');
    case 'no-serial':
      return flag('noSerial');
    case 'slow-return': {
      const ms = integer(value ?? '');
      return ms === null
        ? 'slow-return expects milliseconds, e.g. slow-return=800'
        : { ...faults, slowReturnMs: ms };
    }
    case 'fastboot-no-return':
      return flag('fastbootNoReturn');
    case 'flash-fail':
      return value === undefined || value === ''
        ? 'flash-fail expects a partition name, e.g. flash-fail=rootfs'
        : { ...faults, flashFail: value };
    case 'unplug':
    case 'stall': {
      if (name === 'unplug' && value?.startsWith('download:')) {
        const request = integer(value.slice('download:'.length));
        return request === null
          ? 'unplug expects download:<request>, e.g. unplug=download:100'
          : { ...faults, unplugDownload: request };
      }
      const fault = blockFault(value);
      return typeof fault === 'string' ? `${name} ${fault}` : { ...faults, [name]: fault };
    }
    case 'bad-status': {
      const id = integer(value ?? '');
      return id === null
        ? 'bad-status expects a partition id, e.g. bad-status=0x22'
        : { ...faults, badStatus: id };
    }
    case 'corrupt': {
      const [part, at] = (value ?? '').split(':');
      const partitionId = integer(part ?? '');
      const offset = at === undefined ? null : integer(at);
      return partitionId === null || (at !== undefined && offset === null)
        ? 'corrupt expects a partition id and an optional offset, e.g. corrupt=0x22 or corrupt=0x22:0x1000'
        : { ...faults, corrupt: { partitionId, offset } };
    }
    case 'brownout': {
      const count = value === undefined ? 1 : integer(value);
      return count === null || count < 1
        ? 'brownout takes a count of at least 1'
        : { ...faults, brownouts: count };
    }
    default:
      return `unknown fault '${name}' (known: ${faultNames.join(', ')})`;
  }
}
