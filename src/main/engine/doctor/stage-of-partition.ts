import type { Stage } from '../../../shared/board';

/**
 * The stage a board is in while the partition `id` is sent, and the one it starts after it (CubeProgrammer's
 * "Start operation" and dfu-util's manifest): 0x01 is the FSBL the ROM starts (TF-A), 0x03 the SSBL TF-A starts
 * (U-Boot's programming service); any later partition is written by U-Boot.
 */
export function stagesAroundPartition(id: number): { readonly left: Stage; readonly next: Stage } {
  if (id <= 0x01) return { left: 'rom', next: 'tfa' };
  if (id <= 0x03) return { left: 'tfa', next: 'uboot-layout' };
  return { left: 'uboot-partitions', next: 'uboot-partitions' };
}

export const hex2 = (id: number): string => `0x${id.toString(16).padStart(2, '0').toUpperCase()}`;
