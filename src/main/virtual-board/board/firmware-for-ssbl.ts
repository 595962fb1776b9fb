import { stm32Magic } from '../../protocol/stm32-header';
import type { FirmwareGeneration } from './board-profile';

/** `auto`: a `.stm32` SSBL belongs to the 2019 generation, a FIP (or nothing known) to the current one. */
export function firmwareForSsbl(head: Uint8Array | undefined): FirmwareGeneration {
  if (!head || head.length < 8) return 'current';
  return stm32Magic.every((byte, i) => head[i] === byte) ? '2019' : 'current';
}
