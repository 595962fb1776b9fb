import type { Stage } from '../../../shared/board';
import { fipTocHeader, phaseId } from '../../protocol/phase';
import { stm32Magic } from '../../protocol/stm32-header';
import { hex2 } from './board-reading';
import type { FailureEvidence } from './session-failure';
import { SessionFailure } from './session-failure';

/** What the first bytes of an image say it is. */
export type ImageKind = 'stm32' | 'fip' | 'other';

export function imageKindOf(head: Uint8Array | null): ImageKind {
  if (head === null || head.length < 8) return 'other';
  if (stm32Magic.every((byte, i) => head[i] === byte)) return 'stm32';
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  return view.getUint32(fipTocHeader.nameOffset, true) === fipTocHeader.name ? 'fip' : 'other';
}

/** A console line in which the board explains a refusal (TF-A's `ERROR:   <text>`, spec §6.3); its text. */
export function consoleErrorText(line: string): string | null {
  const match = /^\s*ERROR:\s*(.+?)\s*$/.exec(line);
  return match?.[1] ?? null;
}

/**
 * What the board takes at this phase instead (spec §1.1, §4.3, §11): the ROM an FSBL with the SoC's `.stm32`
 * header; current TF-A a FIP at 0x02/0x03; the 2019 TF-A an STM32-headered U-Boot at 0x03.
 */
export function whatFits(stage: Stage, phase: number, kind: ImageKind): string {
  if (stage === 'rom' || phase === phaseId.fsbl)
    return 'The ROM code takes an FSBL (TF-A for serial/USB boot) whose .stm32 header is valid for this SoC: header v1 on STM32MP15, v2 on STM32MP13 and STM32MP2, with a correct checksum and, on a closed device, a signature.';
  if (phase === phaseId.ssbl || phase === phaseId.ddrFirmware) {
    if (kind === 'stm32')
      return `This image has an STM32 header (a U-Boot for the 2019 TF-A): the TF-A on this board takes a FIP at phase ${hex2(phase)} (fip.bin, from a FlashLayout of ecosystem v3.0 or later). Use the layout and images made for the firmware the board runs.`;
    if (kind === 'fip')
      return `This image is a FIP: the 2019 TF-A takes an STM32-headered U-Boot (u-boot-*.stm32) at phase ${hex2(phase)} instead. Use the layout and images made for the firmware the board runs.`;
    return `At phase ${hex2(phase)} current TF-A takes a FIP (fip.bin); the 2019 generation takes an STM32-headered U-Boot (u-boot-*.stm32).`;
  }
  return `Check that this image is the one partition ${hex2(phase)} needs and that it fits the partition.`;
}

export interface Refusal {
  readonly stage: Stage;
  readonly partitionId: number;
  readonly name: string;
  /** The board's own words (GetPhase text, its `ERROR:` console line, or its DFU status). */
  readonly boardText: string;
  readonly kind: ImageKind;
  readonly evidence: FailureEvidence;
}

/** `DEVICE_REFUSED_IMAGE`: the board, still answering, refused this image and said why. */
export function refusedImage(refusal: Refusal): SessionFailure {
  const { stage, partitionId, name, boardText } = refusal;
  const fits = whatFits(stage, partitionId, refusal.kind);
  const what =
    stage === 'rom' || partitionId === phaseId.fsbl
      ? `the FSBL (partition ${hex2(partitionId)} ${name})`
      : `partition ${hex2(partitionId)} ${name}`;
  const who = stage === 'rom' ? 'the ROM code' : stage.startsWith('tfa') ? 'TF-A' : 'U-Boot';
  return new SessionFailure('DEVICE_REFUSED_IMAGE', `${who} refused ${what}: "${boardText}". ${fits}`, {
    ...refusal.evidence,
    boardText,
    expectedImage: fits,
  });
}
