import { dfuRequest, dfuState, dfuStatus, dfuStatusLength } from '../../protocol/dfu';
import type { DfuState, DfuStatus } from '../../protocol/dfu';
import { UsbError } from '../../usb/usb-error';
import type { DfuDialect } from './dfu-dialect';
import type { DfuOutcome, DfuStageHandler } from './dfu-stage-handler';

const stallError = (why: string): UsbError => new UsbError('stall', `device stalled: ${why}`);

/** The board's own DFU 1.1 state machine (one per enumeration), run in the dialect of its stage. */
export class DfuMachine {
  #state: DfuState = dfuState.dfuIdle;
  #status: DfuStatus = dfuStatus.ok;
  #alt = 0;
  /** A manifestation failure answered on the GETSTATUS after dfuMANIFEST (`DfuOutcome.afterManifest`). */
  #lateFailure: DfuStatus | null = null;
  readonly #dialect: DfuDialect;
  readonly #handler: DfuStageHandler;

  constructor(dialect: DfuDialect, handler: DfuStageHandler) {
    this.#dialect = dialect;
    this.#handler = handler;
  }

  get state(): DfuState {
    return this.#state;
  }

  get status(): DfuStatus {
    return this.#status;
  }

  get alternate(): number {
    return this.#alt;
  }

  /** SET_INTERFACE: U-Boot's `dfu_set_alt` also resets state and status (f_dfu.c); TF-A only stores the alt. */
  selectAlternate(alt: number): void {
    this.#alt = alt;
    if (this.#dialect.setInterface === 'reset-to-idle') {
      this.#state = dfuState.dfuIdle;
      this.#status = dfuStatus.ok;
    }
    this.#handler.alternateSelected?.(alt);
  }

  /** Forces dfuERROR with a status (a failed transfer, as U-Boot after a failed write). */
  fail(status: DfuStatus): void {
    this.#state = dfuState.dfuError;
    this.#status = status;
  }

  /** A DFU class request; answers IN data (or an empty array for OUT requests); throws `UsbError` to stall. */
  async handle(request: number, value: number, length: number, data: Uint8Array): Promise<Uint8Array> {
    switch (request) {
      case dfuRequest.dnload:
        await this.#download(value, data);
        return new Uint8Array(0);
      case dfuRequest.upload:
        return this.#upload(value, length);
      case dfuRequest.getStatus:
        return this.#getStatus();
      case dfuRequest.clrStatus:
        return this.#clearStatus();
      case dfuRequest.getState:
        return Uint8Array.of(this.#state);
      case dfuRequest.abort:
        return this.#abort();
      case dfuRequest.detach:
        return this.#detach();
      default:
        throw this.#illegal(`unknown DFU request ${request}`);
    }
  }

  #illegal(why: string): UsbError {
    if (this.#dialect.illegalRequest === 'stall-error') this.fail(dfuStatus.errStalledPkt);
    return stallError(why);
  }

  #apply(outcome: DfuOutcome, next: DfuState): void {
    if (outcome.ok) {
      this.#state = next;
      return;
    }
    this.fail(outcome.status);
    if (outcome.stall) throw stallError('the stage refused the request');
  }

  async #download(blockNumber: number, data: Uint8Array): Promise<void> {
    const state = this.#state;
    if (data.length > 0) {
      if (state !== dfuState.dfuIdle && state !== dfuState.dfuDnloadIdle)
        throw this.#illegal('DNLOAD outside dfuIDLE/dfuDNLOAD-IDLE');
      const outcome = await this.#handler.download(this.#alt, blockNumber, data);
      // TF-A `usb_dfu_download`: a refused block is STALLed (`usb_core_ctl_error`), the state kept.
      if (!outcome.ok && this.#dialect.refusedDownload === 'stall-keep-state')
        throw stallError('the stage refused the block');
      this.#apply(outcome, dfuState.dfuDnloadSync);
      return;
    }
    if (state === dfuState.dfuIdle) {
      if (this.#dialect.zeroLengthInIdle === 'stall') throw stallError('zero-length DNLOAD in dfuIDLE');
      if (this.#dialect.zeroLengthInIdle === 'error') {
        this.fail(dfuStatus.errStalledPkt);
        throw stallError('zero-length DNLOAD in dfuIDLE');
      }
    } else if (state !== dfuState.dfuDnloadIdle) {
      throw this.#illegal('zero-length DNLOAD outside dfuDNLOAD-IDLE');
    }
    // TF-A `usb_dfu_download` sets dfuMANIFEST-SYNC before its manifestation callback and STALLs the request
    // when the callback fails, leaving that state (the next GETSTATUS answers dfuMANIFEST and goes to dfuIDLE).
    this.#state = dfuState.dfuManifestSync;
    if (this.#dialect.manifestRunsAt === 'zero-length') {
      const outcome = await this.#handler.manifest(this.#alt);
      if (!outcome.ok) throw stallError('manifestation refused');
    }
  }

  async #upload(blockNumber: number, length: number): Promise<Uint8Array> {
    if (this.#state !== dfuState.dfuIdle && this.#state !== dfuState.dfuUploadIdle)
      throw this.#illegal('UPLOAD outside dfuIDLE/dfuUPLOAD-IDLE');
    const answer = await this.#handler.upload(this.#alt, blockNumber, length);
    if (!(answer instanceof Uint8Array)) {
      if (!answer.ok && answer.uploadIdle === true) {
        this.#state = dfuState.dfuUploadIdle;
        throw stallError('the stage refused the UPLOAD');
      }
      this.#apply(answer, this.#state);
      return new Uint8Array(0);
    }
    const bytes = answer.subarray(0, length);
    this.#state = bytes.length < length ? dfuState.dfuIdle : dfuState.dfuUploadIdle;
    return bytes;
  }

  async #getStatus(): Promise<Uint8Array> {
    const dialect = this.#dialect;
    let answerState: DfuState = this.#state;
    let pollMs = 0;
    let reportedManifest = false;
    switch (this.#state) {
      case dfuState.dfuDnloadSync:
        pollMs = dialect.downloadPollMs;
        if (dialect.afterBlock === 'busy-then-idle') {
          this.#state = dfuState.dfuDnbusy;
          answerState = dfuState.dfuDnbusy;
        } else {
          this.#state = dfuState.dfuDnloadIdle;
          answerState =
            dialect.afterBlock === 'sync-then-idle' ? dfuState.dfuDnloadSync : dfuState.dfuDnloadIdle;
        }
        break;
      case dfuState.dfuDnbusy:
        pollMs = dialect.downloadPollMs;
        this.#state = dfuState.dfuDnloadIdle;
        answerState = dfuState.dfuDnloadIdle;
        break;
      case dfuState.dfuManifestSync:
        if (dialect.manifestRunsAt === 'manifest-sync-status') {
          const outcome = await this.#handler.manifest(this.#alt);
          if (!outcome.ok && outcome.afterManifest) this.#lateFailure = outcome.status;
          else this.#apply(outcome, dfuState.dfuManifest);
          if (!this.#isManifest() && this.#lateFailure === null) return this.#statusBytes(this.#state, 0);
        }
        this.#state =
          dialect.manifestRunsAt === 'manifest-status' || this.#lateFailure !== null
            ? dfuState.dfuManifest
            : dfuState.dfuIdle;
        answerState = dfuState.dfuManifest;
        pollMs = dialect.manifestPollMs;
        reportedManifest = true;
        break;
      case dfuState.dfuManifest:
        if (dialect.manifestRunsAt === 'manifest-status') {
          this.#apply(await this.#handler.manifest(this.#alt), dfuState.dfuIdle);
        } else if (this.#lateFailure !== null) {
          this.fail(this.#lateFailure);
          this.#lateFailure = null;
        } else {
          this.#state = dfuState.dfuIdle;
        }
        answerState = this.#state;
        break;
      default:
        break;
    }
    const bytes = this.#statusBytes(answerState, pollMs);
    if (reportedManifest) this.#handler.manifestReported?.();
    return bytes;
  }

  #isManifest(): boolean {
    return this.#state === dfuState.dfuManifest;
  }

  #statusBytes(state: DfuState, pollMs: number): Uint8Array {
    const bytes = new Uint8Array(dfuStatusLength);
    bytes[0] = this.#status;
    bytes[1] = pollMs & 0xff;
    bytes[2] = (pollMs >> 8) & 0xff;
    bytes[3] = (pollMs >> 16) & 0xff;
    bytes[4] = state;
    bytes[5] = 0;
    return bytes;
  }

  #clearStatus(): Uint8Array {
    if (this.#state === dfuState.dfuError) {
      this.#state = dfuState.dfuIdle;
      this.#status = dfuStatus.ok;
      return new Uint8Array(0);
    }
    this.fail(dfuStatus.errUnknown);
    if (this.#dialect.illegalRequest === 'stall-error') throw stallError('CLRSTATUS outside dfuERROR');
    return new Uint8Array(0);
  }

  #abort(): Uint8Array {
    const abortable: readonly DfuState[] = [
      dfuState.dfuIdle,
      dfuState.dfuDnloadSync,
      dfuState.dfuDnloadIdle,
      dfuState.dfuManifestSync,
      dfuState.dfuUploadIdle,
    ];
    if (!abortable.includes(this.#state)) {
      if (this.#dialect.abortElsewhere === 'ignore') return new Uint8Array(0);
      throw this.#illegal('ABORT in this state');
    }
    this.#state = dfuState.dfuIdle;
    return new Uint8Array(0);
  }

  #detach(): Uint8Array {
    if (this.#dialect.detachAllowedIn === 'idle' && this.#state !== dfuState.dfuIdle)
      throw this.#illegal('DETACH outside dfuIDLE');
    if (this.#state !== dfuState.dfuError) this.#state = dfuState.dfuIdle;
    this.#handler.detach();
    return new Uint8Array(0);
  }
}
