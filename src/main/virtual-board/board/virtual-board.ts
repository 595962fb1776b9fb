import type { Soc, Stage } from '../../../shared/board';
import { dfuRequest } from '../../protocol/dfu';
import type { DeviceIdentity } from '../../usb/device-identity';
import { UsbError } from '../../usb/usb-error';
import type { UartConsole } from '../console/uart-console';
import { DfuMachine } from '../dfu/dfu-machine';
import { createRomStage } from '../rom/rom-stage';
import type { BoardStorage } from '../storage/board-storage';
import { stageGapMs } from '../timing/link-model';
import { handleControl, type ControlRequest } from '../usb-device/endpoint-zero';
import { personalityIdentity, type UsbPersonality } from '../usb-device/usb-personality';
import type { BoardModel, FirmwareGeneration } from './board-profile';
import type { BoardStage, BulkStageHandler, StageChange } from './board-stage';
import { createStageContext, type BoardStageContext } from './stage-context';
import type { VirtualBoardOptions } from './virtual-board-options';
export type { BoardSocket, VirtualBoardOptions } from './virtual-board-options';

/** Model choice `otherPortIsOtherBus`: with `other-port` the board comes back on bus 2 (same port number), and back. */
const otherBus = 2;

/**
 * One virtual STM32MP board: its current stage, its DFU machine, its place on the bus. Every re-enumeration is
 * a detach, a delay, and an attach on the same port (issue 14 §1); handles of an older enumeration fail with `no-device`.
 */
export class VirtualBoard {
  readonly index: number;
  readonly console: UartConsole;
  readonly storage: BoardStorage;
  readonly #options: VirtualBoardOptions;
  /** Mutable only in `generation` and `profile`, which `loadFirmware` sets while the board is in its ROM. */
  readonly #ctx: BoardStageContext;
  #stage: BoardStage;
  #machine: DfuMachine;
  #enumeration = 0;
  #attached = false;
  #poweredOff = false;
  /**
   * Model choice `mp15RomFsblStart` (spec §4.3, findings §4): after answering dfuMANIFEST the MP15 ROM jumps to
   * the FSBL on the same enumeration; the next GETSTATUS fails with LIBUSB_ERROR_IO as dfu-util saw, and every
   * request fails the same way until TF-A answers (0.7 s realistic), after which the same handle works again.
   */
  #handingOver = false;
  #failNextGetStatus = false;
  /** The session (enumeration, stage) of the last request when it was a DETACH; see `busReset` (spec §1.4). */
  #detachSession: { readonly enumeration: number; readonly stage: BoardStage } | null = null;
  /** The stage whose DETACH a bus reset turned into a board reset: only that stage's leaving resets. */
  #resetRequestedBy: BoardStage | null = null;
  #brownoutsLeft: number;
  #reenumerations = 0;
  #onOtherBus = false;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #stageHistory: Stage[] = [];
  readonly #stageListeners = new Set<(stage: Stage) => void>();

  constructor(options: VirtualBoardOptions) {
    this.#options = options;
    this.index = options.index;
    this.console = options.console;
    this.storage = options.storage;
    this.#brownoutsLeft = options.faults.brownouts;
    this.#ctx = createStageContext(options, {
      changeStage: (change) => void this.#change(change),
      powerOff: () => this.#powerOff(),
    });
    this.#stage = createRomStage(this.#ctx);
    this.#machine = new DfuMachine(this.#stage.dialect, this.#stage.handler);
    this.#stageHistory.push(this.#stage.stage);
  }

  /** Power on in USB boot: the ROM code enumerates. */
  powerOn(): void {
    this.#attach();
  }

  /** Off and on again with the boot switches on USB (an operator's power cycle): back in the ROM code. */
  powerCycle(): void {
    this.#detach();
    this.#poweredOff = false;
    this.#enter(createRomStage(this.#ctx));
    this.#attach();
  }

  get stage(): Stage {
    return this.#stage.stage;
  }

  /** The firmware generation it boots after the ROM. */
  get generation(): FirmwareGeneration {
    return this.#ctx.generation;
  }

  /**
   * Chooses the firmware it boots after its ROM: generation, and the board its device tree names (compose decides,
   * from a run's layout). Only while in the ROM: later stages already run one. Answers whether it took.
   */
  loadFirmware(generation: FirmwareGeneration, board?: BoardModel): boolean {
    if (this.#stage.stage !== 'rom') return generation === this.#ctx.generation;
    this.#ctx.generation = generation;
    if (board !== undefined) this.#ctx.profile = { ...this.#ctx.profile, ...board };
    return true;
  }

  /** Every stage the board has run, in order (for tests and the device list). */
  get stageHistory(): readonly Stage[] {
    return this.#stageHistory;
  }

  /** Calls `listener` with each stage the board enters from now on (also those entered on the same enumeration). */
  onStage(listener: (stage: Stage) => void): () => void {
    this.#stageListeners.add(listener);
    return () => this.#stageListeners.delete(listener);
  }

  get enumeration(): number {
    return this.#enumeration;
  }

  get attached(): boolean {
    return this.#attached;
  }

  get personality(): UsbPersonality {
    return this.#stage.personality;
  }

  get soc(): Soc {
    return this.#options.soc;
  }

  /** Visible but refusing to open (`unopenable`), from the first re-enumeration on. */
  get openRefused(): boolean {
    return this.#options.faults.unopenable && this.#reenumerations > 0;
  }

  identity(): DeviceIdentity {
    return personalityIdentity(this.#stage.personality, {
      busNumber: this.#onOtherBus ? otherBus : 1,
      port: this.index + 1,
      fullSpeed: this.#options.faults.fullSpeed,
    });
  }

  /**
   * One control transfer from a handle of enumeration `enumeration`; serialised like a real endpoint 0. What the
   * board printed is on the UART before it answers (U-Boot's serial output waits for its FIFO: it is synchronous).
   */
  control(enumeration: number, request: ControlRequest): Promise<Uint8Array> {
    const run = async (): Promise<Uint8Array> => {
      await this.console.drained();
      this.#checkHandle(enumeration);
      if (
        this.#failNextGetStatus &&
        request.request === dfuRequest.getStatus &&
        request.requestType === 0xa1
      ) {
        this.#failNextGetStatus = false;
        throw new UsbError('io', 'LIBUSB_ERROR_IO: unable to read DFU status after completion');
      }
      if (this.#handingOver)
        throw new UsbError('io', 'LIBUSB_ERROR_IO: the ROM has left, the FSBL is starting');
      this.#detachSession =
        request.request === dfuRequest.detach && request.requestType === 0x21
          ? { enumeration, stage: this.#stage }
          : null;
      const answer = await handleControl(request, this.#stage.personality, this.#machine);
      this.#checkHandle(enumeration);
      return answer;
    };
    const result = this.#queue.then(run, run);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  /** One bulk OUT transfer (fastboot); STALL where the stage has no bulk endpoint. */
  bulkOut(enumeration: number, endpoint: number, data: Uint8Array): Promise<number> {
    return this.#bulk(enumeration, (bulk) => bulk.out(endpoint, data));
  }

  /** One bulk IN transfer (fastboot); STALL where the stage has no bulk endpoint. */
  bulkIn(
    enumeration: number,
    endpoint: number,
    length: number,
    cancelled?: AbortSignal,
  ): Promise<Uint8Array> {
    return this.#bulk(enumeration, (bulk) => bulk.in(endpoint, length, cancelled));
  }

  async #bulk<T>(enumeration: number, run: (bulk: BulkStageHandler) => Promise<T>): Promise<T> {
    this.#checkHandle(enumeration);
    const bulk = this.#stage.bulk;
    if (bulk === undefined) throw new UsbError('stall', 'LIBUSB_TRANSFER_STALL: no such endpoint');
    const answer = await run(bulk);
    this.#checkHandle(enumeration);
    return answer;
  }

  /**
   * A USB bus reset from the host on enumeration `enumeration`. Right after a DETACH sent to U-Boot on that same
   * enumeration, before U-Boot leaves the bus, U-Boot takes it as a reset request and resets the board (spec §1.4,
   * `run_usb_dnl_gadget` in common/dfu.c, dfu-util `-R`): its loop checks `dfu_usb_get_reset()`, the DWC2's pending
   * GINTSTS_USBRST bit (drivers/usb/gadget/dwc2_udc_otg.c), only once `g_dnl_detach()` is set and only until it
   * unregisters the gadget. A reset of any other session (the kernel's port resets while it enumerates the next
   * stage) changes nothing here.
   */
  busReset(enumeration: number): void {
    this.#checkHandle(enumeration);
    const detach = this.#detachSession;
    if (
      detach !== null &&
      detach.enumeration === enumeration &&
      detach.stage === this.#stage &&
      this.#stage.stage.startsWith('uboot')
    )
      this.#resetRequestedBy = this.#stage;
  }

  #checkHandle(enumeration: number): void {
    if (this.#poweredOff || !this.#attached || enumeration !== this.#enumeration)
      throw new UsbError('no-device', 'LIBUSB_ERROR_NO_DEVICE: the device has left the bus');
  }

  #enter(stage: BoardStage): void {
    this.#stage = stage;
    this.#machine = new DfuMachine(stage.dialect, stage.handler);
    this.#stageHistory.push(stage.stage);
    for (const listener of this.#stageListeners) listener(stage.stage);
  }

  #attach(): void {
    if (this.#poweredOff) return;
    this.#enumeration++;
    this.#attached = true;
    this.#options.socket.attached(this);
  }

  #detach(): void {
    if (!this.#attached) return;
    this.#attached = false;
    this.#options.socket.detached(this);
  }

  #powerOff(): void {
    this.#detach();
    this.#poweredOff = true;
  }

  async #change(requested: StageChange): Promise<void> {
    const { faults, clock, link } = this.#options;
    let change = requested;
    if (change.kind === 'same-enumeration') {
      this.#handingOver = true;
      this.#failNextGetStatus = true;
      await clock.sleep(change.gapMs);
      this.#enter(change.next());
      this.#handingOver = false;
      return;
    }
    if (faults.noDetach && change.kind === 're-enumerate') return;
    const leaving = this.#stage;
    await clock.sleep(link.gapMs(stageGapMs.leaveAfterDetach));
    if (this.#resetRequestedBy === leaving) {
      change = { kind: 'reset' };
      this.console.print('resetting ...');
    }
    this.#resetRequestedBy = null;
    this.#detachSession = null;
    this.#detach();
    if (change.kind === 'leave') {
      this.console.print(change.farewell);
      this.#enter({ ...this.#stage, stage: 'done' });
      return;
    }
    this.#reenumerations++;
    let next: BoardStage;
    if (change.kind === 'reset' || this.#brownoutsLeft > 0) {
      if (change.kind !== 'reset') this.#brownoutsLeft--;
      await clock.sleep(link.gapMs(stageGapMs.romToTfa));
      next = createRomStage(this.#ctx);
    } else {
      next = await change.boot();
    }
    if (this.#poweredOff) return;
    this.#enter(next);
    if (faults.slowReturnMs > 0) await clock.sleep(faults.slowReturnMs);
    if (faults.noReturn || (requested.kind === 're-enumerate' && requested.noReturn === true)) return;
    if (faults.otherPort) this.#onOtherBus = !this.#onOtherBus;
    await this.console.drained(); // `DFU alt info setting: done` is out before the gadget enumerates
    this.#attach();
  }
}
