import { getPhaseLayout, phaseId, undefinedAddress } from '../../protocol/phase';
import { DfuError } from './dfu-error';

/** What the board said when asked GetPhase (spec §3.2): the phase it wants next and its extras. */
export interface PhaseAnswer {
  readonly phaseId: number;
  /** Download address; `null` when the board says 0xFFFFFFFF (undefined). */
  readonly address: number | null;
  /** Resume offset inside the partition (U-Boot; normally 0). */
  readonly offset: number;
  /**
   * Phase 0x00 only: the byte after the offset. TF-A: 1 = "send DFU_DETACH" (with address undefined);
   * U-Boot: 1 = a FlashLayout is parsed, DETACH to get the partition alternates. `null` when absent.
   */
  readonly detachFlag: number | null;
  /** True when the board asks for DFU_DETACH (phase 0x00 with the flag set to 1). */
  readonly detachRequested: boolean;
  /** Phase 0xFF only: the board's error text (`Unspecified` when U-Boot has none); `null` otherwise. */
  readonly errorText: string | null;
  /** The raw answer, for the log. */
  readonly raw: Uint8Array;
}

/** Parses a GetPhase answer (9 bytes at least). */
export function parsePhaseAnswer(raw: Uint8Array): PhaseAnswer {
  if (raw.length < getPhaseLayout.minimumLength) {
    throw new DfuError(
      'DFU_BAD_ANSWER',
      `GetPhase answered ${raw.length} bytes; at least ${getPhaseLayout.minimumLength} are needed`,
      { step: 'get-phase' },
    );
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const phase = view.getUint8(getPhaseLayout.phase);
  const address = view.getUint32(getPhaseLayout.address, true);
  const offset = view.getUint32(getPhaseLayout.offset, true);
  const extra = raw.subarray(getPhaseLayout.extra);
  const detachFlag = phase === phaseId.flashLayout && extra.length > 0 ? (extra[0] ?? null) : null;
  const errorText =
    phase === phaseId.reset
      ? new TextDecoder()
          .decode(extra)
          .replace(/\0[\s\S]*$/, '')
          .trimEnd()
      : null;
  return {
    phaseId: phase,
    address: address === undefinedAddress ? null : address,
    offset,
    detachFlag,
    detachRequested: detachFlag === 1,
    errorText,
    raw,
  };
}
