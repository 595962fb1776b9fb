import type { DfuStatus } from '../../protocol/dfu';

export type DfuOutcome =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly status: DfuStatus;
      readonly stall: boolean;
      /**
       * A manifestation failure the stage reports late: the GETSTATUS that runs it still answers
       * dfuMANIFEST/OK, the next one dfuERROR with `status` (the MP15 ROM, model choice `romBadFsbl`).
       */
      readonly afterManifest?: true;
      /**
       * A refused UPLOAD that leaves dfuUPLOAD-IDLE, status untouched: U-Boot's f_dfu sets that state before it
       * reads, and a failed `dfu_read` only STALLs the request (`state_dfu_idle`, `state_dfu_upload_idle`).
       */
      readonly uploadIdle?: true;
    };

export const dfuOk: DfuOutcome = { ok: true };

/** What a stage does with the DFU traffic its `DfuMachine` accepts. May throw a `UsbError` (e.g. unplugged). */
export interface DfuStageHandler {
  /** One data block; `blockNumber` is wValue as sent. */
  download(alt: number, blockNumber: number, data: Uint8Array): Promise<DfuOutcome>;
  /** The stage's manifestation work, at the moment its dialect runs it. */
  manifest(alt: number): Promise<DfuOutcome>;
  /** One UPLOAD; answers the bytes, or a failure (STALL). */
  upload(alt: number, blockNumber: number, length: number): Promise<Uint8Array | DfuOutcome>;
  /** DFU_DETACH was accepted. */
  detach(): void;
  /** The GETSTATUS that reported dfuMANIFEST has been answered (the MP15 ROM starts the FSBL here). */
  manifestReported?(): void;
  /** SET_INTERFACE selected `alt`. */
  alternateSelected?(alt: number): void;
}
