import type { Stage } from '../../../shared/board';
import type { SocFacts } from '../../protocol/soc-table';
import type { UartConsole } from '../console/uart-console';
import type { DfuDialect } from '../dfu/dfu-dialect';
import type { DfuStageHandler } from '../dfu/dfu-stage-handler';
import type { BoardStorage } from '../storage/board-storage';
import type { LinkModel } from '../timing/link-model';
import type { UsbPersonality } from '../usb-device/usb-personality';
import type { BoardFaults } from './board-faults';
import type { BoardProfile, FirmwareGeneration } from './board-profile';

/** One running stage of the board: how it looks on the bus and what it does with DFU traffic. */
export interface BoardStage {
  readonly stage: Stage;
  readonly personality: UsbPersonality;
  readonly dialect: DfuDialect;
  readonly handler: DfuStageHandler;
  /** Bulk endpoints' traffic, for a stage that has them (U-Boot's fastboot gadget); absent: every bulk STALLs. */
  readonly bulk?: BulkStageHandler;
}

/** What a stage does with bulk transfers. May throw a `UsbError` (stall, unplugged). */
export interface BulkStageHandler {
  /** One bulk OUT transfer to endpoint address `endpoint`; answers the bytes taken. */
  out(endpoint: number, data: Uint8Array): Promise<number>;
  /**
   * One bulk IN transfer from endpoint address `endpoint`: up to `length` bytes. `cancelled` aborts when the host
   * gives up on the transfer (its timeout, a cancelled usbredir packet): what it would have read stays for the next.
   */
  in(endpoint: number, length: number, cancelled?: AbortSignal): Promise<Uint8Array>;
}

/**
 * How a stage ends (spec §1.3): the MP15 ROM hands over to TF-A on the same enumeration; other changes
 * leave the bus and come back as the next stage (`boot` runs that stage's start-up: console, erase, GPT);
 * U-Boot's end leaves the bus for good; an error reset comes back in the ROM code.
 */
export type StageChange =
  | { readonly kind: 'same-enumeration'; readonly gapMs: number; readonly next: () => BoardStage }
  | {
      readonly kind: 're-enumerate';
      readonly boot: () => Promise<BoardStage>;
      /** This change's next stage never enumerates (a fault such as `fastboot-no-return`). */
      readonly noReturn?: boolean;
    }
  | { readonly kind: 'leave'; readonly farewell: string }
  | { readonly kind: 'reset' };

/** What a stage may use of its board. Stages never see the bus or the host. */
export interface StageContext {
  readonly soc: SocFacts;
  readonly profile: BoardProfile;
  readonly generation: FirmwareGeneration;
  readonly serial: string | null;
  readonly link: LinkModel;
  readonly console: UartConsole;
  readonly storage: BoardStorage;
  readonly faults: BoardFaults;
  /** Waits an already scaled, modelled duration. */
  wait(ms: number): Promise<void>;
  /** Charges one block's link cost (already scaled) on the link's schedule (see LinkPacer). */
  paceBlock(ms: number): Promise<void>;
  changeStage(change: StageChange): void;
  /** The board loses power now (the `unplug` fault): it leaves the bus and never comes back. */
  powerOff(): void;
}
