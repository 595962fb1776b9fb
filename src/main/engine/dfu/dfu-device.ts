import { requestTimeout, writeTimeout } from '../../../shared/deadlines';
import { dfuState } from '../../protocol/dfu';
import { phaseId } from '../../protocol/phase';
import type { UsbTransport } from '../../usb/usb-transport';
import { systemClock } from './clock';
import type { Clock } from './clock';
import { readDfuAlternates } from './dfu-alternates';
import type { DfuAlternate } from './dfu-alternates';
import { DfuControl, describeStatus, dfuTransferError } from './dfu-control';
import type { DfuStatusReport } from './dfu-control';
import { bufferSource, downloadImage } from './dfu-download';
import type { DownloadOptions, DownloadResult, DownloadSource } from './dfu-download';
import { DfuError } from './dfu-error';
import { findDfuInterface } from './dfu-functional-descriptor';
import type { DfuFunctionalDescriptor, DfuInterface } from './dfu-functional-descriptor';
import { parsePhaseAnswer } from './phase-answer';
import type { PhaseAnswer } from './phase-answer';

export interface DfuDeviceOptions {
  readonly clock?: Clock;
  /** One control request (default `requestTimeout.defaultMs` in shared/deadlines, 5000 ms as CubeProgrammer). */
  readonly requestTimeoutMs?: number;
  /**
   * The write deadline: requests during which the board may write to its memory, a block's DNLOAD and the
   * GETSTATUS after it (default `writeTimeout.defaultMs` in shared/deadlines, 300 s).
   */
  readonly writeTimeoutMs?: number;
  /** wLength of the GetPhase UPLOAD: ≥ 9 (U-Boot refuses less), 512 as the virtual alt's size (default). */
  readonly getPhaseLength?: number;
}

export const defaultGetPhaseLength = 512;
/** dfu-util `-e` and ST's tool send DFU_DETACH with wTimeout 1000 ms. */
export const defaultDetachTimeoutMs = 1000;

/** A DFU 1.1 device over a `UsbTransport`: its class requests, the download loop, and STM32MP's GetPhase. */
export class DfuDevice {
  readonly transport: UsbTransport;
  readonly interfaceNumber: number;
  readonly functional: DfuFunctionalDescriptor;
  readonly control: DfuControl;
  readonly #dfu: DfuInterface;
  readonly #clock: Clock;
  readonly #writeTimeoutMs: number;
  readonly #getPhaseLength: number;

  private constructor(transport: UsbTransport, dfu: DfuInterface, options: DfuDeviceOptions) {
    this.transport = transport;
    this.#dfu = dfu;
    this.interfaceNumber = dfu.interfaceNumber;
    this.functional = dfu.functional;
    this.#clock = options.clock ?? systemClock;
    this.#writeTimeoutMs = options.writeTimeoutMs ?? writeTimeout.defaultMs;
    this.#getPhaseLength = Math.max(9, options.getPhaseLength ?? defaultGetPhaseLength);
    this.control = new DfuControl(
      transport,
      dfu.interfaceNumber,
      options.requestTimeoutMs ?? requestTimeout.defaultMs,
    );
  }

  /** Finds the DFU interface of an opened transport and claims it. */
  static async open(transport: UsbTransport, options: DfuDeviceOptions = {}): Promise<DfuDevice> {
    const dfu = findDfuInterface(transport.configurationDescriptor);
    try {
      await transport.claimInterface(dfu.interfaceNumber);
    } catch (error) {
      throw dfuTransferError('open', `claiming interface ${dfu.interfaceNumber}`, error);
    }
    return new DfuDevice(transport, dfu, options);
  }

  /** wTransferSize: the block size of every DNLOAD. */
  get transferSize(): number {
    return this.functional.transferSize;
  }

  readAlternates(): Promise<DfuAlternate[]> {
    return readDfuAlternates(this.transport, this.#dfu);
  }

  /** The alternate whose name carries `/0x<phase>`; `DFU_ALTERNATE_NOT_FOUND` when none. */
  async findAlternate(phase: number): Promise<DfuAlternate> {
    const alternates = await this.readAlternates();
    const found = alternates.find((alternate) => alternate.parsed?.phaseId === phase);
    if (found === undefined) {
      const names = alternates.map((alternate) => alternate.text ?? '?').join(', ');
      throw new DfuError(
        'DFU_ALTERNATE_NOT_FOUND',
        `no alternate for phase 0x${phase.toString(16).padStart(2, '0')} (the board offers: ${names})`,
        { step: 'select-alternate' },
      );
    }
    return found;
  }

  /** SET_INTERFACE to one alternate of the DFU interface. */
  async selectAlternate(alternateSetting: number): Promise<void> {
    try {
      await this.transport.setAlternateSetting(this.interfaceNumber, alternateSetting);
    } catch (error) {
      throw dfuTransferError('select-alternate', `selecting alternate ${alternateSetting}`, error);
    }
  }

  /** Downloads an image to the selected alternate (see `downloadImage`). */
  download(image: Uint8Array | DownloadSource, options: DownloadOptions = {}): Promise<DownloadResult> {
    const source = image instanceof Uint8Array ? bufferSource(image) : image;
    const context = {
      control: this.control,
      clock: this.#clock,
      transferSize: this.transferSize,
      writeTimeoutMs: this.#writeTimeoutMs,
    };
    return downloadImage(context, source, options);
  }

  /** Finds the alternate of a phase, selects it, and downloads the image to it. */
  async downloadPhase(
    phase: number,
    image: Uint8Array | DownloadSource,
    options: DownloadOptions = {},
  ): Promise<DownloadResult> {
    const alternate = await this.findAlternate(phase);
    await this.selectAlternate(alternate.alternateSetting);
    return this.download(image, options);
  }

  /**
   * GetPhase as ST's hosts ask it (spec §3.2, findings §8.1): SET_INTERFACE to the `/0xF1` virtual alt,
   * back to dfuIDLE if needed, then DFU_UPLOAD block 0 with wLength ≥ 9.
   */
  async getPhase(): Promise<PhaseAnswer> {
    const virtual = await this.findAlternate(phaseId.command);
    await this.selectAlternate(virtual.alternateSetting);
    await this.recover();
    const answer = await this.control.upload(0, this.#getPhaseLength);
    try {
      return parsePhaseAnswer(answer);
    } catch (error) {
      throw error instanceof DfuError ? error : dfuTransferError('get-phase', 'GetPhase', error);
    }
  }

  /** Uploads the selected alternate in wTransferSize blocks until a short block (or `maxBytes`). */
  async upload(maxBytes: number): Promise<Uint8Array> {
    const blocks: Uint8Array[] = [];
    let total = 0;
    for (let block = 0; total < maxBytes; block += 1) {
      const length = Math.min(this.transferSize, maxBytes - total);
      const data = await this.control.upload(block, length);
      blocks.push(data);
      total += data.length;
      if (data.length < length) break;
    }
    const out = new Uint8Array(total);
    let offset = 0;
    for (const data of blocks) {
      out.set(data, offset);
      offset += data.length;
    }
    return out;
  }

  getStatus(): Promise<DfuStatusReport> {
    return this.control.getStatus();
  }

  /**
   * Brings the board back to dfuIDLE where the protocol allows it: CLRSTATUS from dfuERROR, ABORT from the
   * idle-like states, waiting bwPollTimeout while busy. `DFU_UNEXPECTED_STATE` when it cannot. TF-A needs the
   * ABORT: after a refused block it keeps dfuDNLOAD-IDLE (or dfuMANIFEST-SYNC after a refused manifestation),
   * its SET_INTERFACE changes no state, and it STALLs UPLOAD until then (`plat/st/common/usb_dfu.c`).
   */
  async recover(): Promise<DfuStatusReport> {
    let report = await this.control.getStatus();
    for (let attempt = 0; attempt < 8; attempt += 1) {
      if (report.state === dfuState.dfuIdle && report.status.status === 0) return report;
      switch (report.state) {
        case dfuState.dfuError:
          await this.control.clearStatus();
          break;
        case dfuState.dfuIdle:
        case dfuState.dfuDnloadSync:
        case dfuState.dfuDnloadIdle:
        case dfuState.dfuManifestSync:
        case dfuState.dfuUploadIdle:
          await this.control.abort();
          break;
        case dfuState.dfuDnbusy:
        case dfuState.dfuManifest:
          if (report.pollTimeoutMs > 0) await this.#clock.sleep(report.pollTimeoutMs);
          break;
        default:
          throw new DfuError(
            'DFU_UNEXPECTED_STATE',
            `cannot return to dfuIDLE from ${describeStatus(report)}`,
            {
              step: 'abort',
              state: report.state,
              status: report.status,
            },
          );
      }
      report = await this.control.getStatus();
    }
    throw new DfuError(
      'DFU_UNEXPECTED_STATE',
      `the board did not return to dfuIDLE (${describeStatus(report)})`,
      {
        step: 'abort',
        state: report.state,
        status: report.status,
      },
    );
  }

  clearStatus(): Promise<void> {
    return this.control.clearStatus();
  }

  getState(): Promise<number> {
    return this.control.getState();
  }

  abort(): Promise<void> {
    return this.control.abort();
  }

  /** DFU_DETACH (no bus reset: after it U-Boot would reset the board). The board may leave at once. */
  detach(detachTimeoutMs = defaultDetachTimeoutMs): Promise<void> {
    return this.control.detach(detachTimeoutMs);
  }

  /** Releases the DFU interface; never rejects. The transport stays open (its owner closes it). */
  async release(): Promise<void> {
    try {
      await this.transport.releaseInterface(this.interfaceNumber);
    } catch {
      // A board that left the bus has nothing left to release.
    }
  }
}
