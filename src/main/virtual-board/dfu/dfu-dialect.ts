/**
 * How each stage's DFU class code differs, as data (spec §4.1; findings §4 and §9 for the old ST stack that
 * the ROM shares with the 2019 TF-A). One `DfuMachine` runs every dialect.
 */
export interface DfuDialect {
  readonly name: 'rom' | 'tfa-2019' | 'tfa' | 'uboot';
  /**
   * GETSTATUS answers after a data block: `busy-then-idle` dfuDNBUSY then dfuDNLOAD-IDLE (old ST stack);
   * `sync-then-idle` the raw dfuDNLOAD-SYNC then dfuDNLOAD-IDLE (current TF-A); `idle` at once (U-Boot).
   */
  readonly afterBlock: 'busy-then-idle' | 'sync-then-idle' | 'idle';
  readonly downloadPollMs: number;
  readonly manifestPollMs: number;
  /** What a zero-length DNLOAD in dfuIDLE does: start manifestation (old stack), STALL, or dfuERROR + STALL. */
  readonly zeroLengthInIdle: 'manifest' | 'stall' | 'error';
  /**
   * When the stage's manifestation work runs: at the zero-length DNLOAD (current TF-A: a failure STALLs it),
   * at the GETSTATUS in dfuMANIFEST-SYNC (old stack), or at the GETSTATUS in dfuMANIFEST (U-Boot's flush).
   */
  readonly manifestRunsAt: 'zero-length' | 'manifest-sync-status' | 'manifest-status';
  /** DETACH accepted in any state (TF-A, ROM) or only in dfuIDLE, else STALL + dfuERROR (U-Boot). */
  readonly detachAllowedIn: 'any' | 'idle';
  /** A request not allowed in the current state: STALL only (TF-A), or STALL + dfuERROR (U-Boot). */
  readonly illegalRequest: 'stall' | 'stall-error';
  /**
   * A DNLOAD the stage refuses (its download or manifestation callback fails): STALL with the state kept
   * (TF-A `usb_dfu_download`: `usb_core_ctl_error` only), or the stage's status and dfuERROR (U-Boot, old stack).
   */
  readonly refusedDownload: 'stall-keep-state' | 'error-status';
  /**
   * SET_INTERFACE: stores the alt only (TF-A `usb_dfu_setup`), or also resets the state to dfuIDLE and the
   * status to OK (U-Boot `f_dfu.c` `dfu_set_alt`).
   */
  readonly setInterface: 'store-alt' | 'reset-to-idle';
  /** ABORT outside the abortable states: STALL (U-Boot, old stack), or nothing at all (TF-A `usb_dfu_abort`). */
  readonly abortElsewhere: 'stall' | 'ignore';
}

/** MP15 ROM, from its observed GETSTATUS (findings §4: DNBUSY then DNLOAD-IDLE, bwPollTimeout 1, MANIFEST poll 1). */
export const romDialect: DfuDialect = {
  name: 'rom',
  afterBlock: 'busy-then-idle',
  downloadPollMs: 1,
  manifestPollMs: 1,
  zeroLengthInIdle: 'manifest',
  manifestRunsAt: 'manifest-sync-status',
  detachAllowedIn: 'any',
  illegalRequest: 'stall',
  refusedDownload: 'error-status',
  setInterface: 'store-alt',
  abortElsewhere: 'stall',
};

/** ST TF-A v2.0-stm32mp (2019): the ROM's stack with bwPollTimeout 0 in the download states (findings §9). */
export const tfa2019Dialect: DfuDialect = { ...romDialect, name: 'tfa-2019', downloadPollMs: 0 };

/** Upstream TF-A `plat/st/common/usb_dfu.c` (spec §4.1, findings §13). */
export const tfaDialect: DfuDialect = {
  name: 'tfa',
  afterBlock: 'sync-then-idle',
  downloadPollMs: 0,
  manifestPollMs: 1,
  zeroLengthInIdle: 'stall',
  manifestRunsAt: 'zero-length',
  detachAllowedIn: 'any',
  illegalRequest: 'stall',
  refusedDownload: 'stall-keep-state',
  setInterface: 'store-alt',
  abortElsewhere: 'ignore',
};

/** U-Boot `f_dfu.c` (spec §4.1, §7: bwPollTimeout 0 everywhere, flush in the GETSTATUS after MANIFEST). */
export const ubootDialect: DfuDialect = {
  name: 'uboot',
  afterBlock: 'idle',
  downloadPollMs: 0,
  manifestPollMs: 0,
  zeroLengthInIdle: 'error',
  manifestRunsAt: 'manifest-status',
  detachAllowedIn: 'idle',
  illegalRequest: 'stall-error',
  refusedDownload: 'error-status',
  setInterface: 'reset-to-idle',
  abortElsewhere: 'stall',
};
