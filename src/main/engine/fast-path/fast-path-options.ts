import type { FastMode } from '../../../shared/fast-path';
import type { FastbootAccess } from './decide-fast-path';

/** What a run is told about the fast path (`--fast`, `--fast-device`, and whether this computer can open 0afb). */
export interface FastPathOptions {
  readonly mode: FastMode;
  /** `--fast-device mmcN`. */
  readonly device?: string;
  readonly access: FastbootAccess;
}
