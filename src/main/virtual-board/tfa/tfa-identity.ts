import type { Soc } from '../../../shared/board';
import { phaseId } from '../../protocol/phase';
import type { BoardProfile } from '../board/board-profile';
import { hex } from '../board/board-profile';
import { stDfuPersonality, type UsbPersonality } from '../usb-device/usb-personality';

/** `usb_dfu_get_phase(alt)` per SoC ([TFA-mp1], [TFA-mp2]): unused alts map to PHASE_RESET. */
export const tfaAltPhase: Readonly<Record<Soc, readonly number[]>> = {
  mp15: [phaseId.reset, phaseId.reset, phaseId.reset, phaseId.ssbl, phaseId.reset, phaseId.command],
  mp13: [phaseId.ssbl, phaseId.command],
  mp25: [phaseId.ddrFirmware, phaseId.ssbl, phaseId.command],
};

/**
 * Model choice `tfaDownloadBuffers` (spec §3.2: `DWL_BUFFER_BASE` is platform specific, not a constant):
 * the FIP buffer at the start of DDR, the MP2 DDR-firmware FIP in SYSRAM; sizes from the alt names.
 */
export const tfaDownloadBuffer: Readonly<Record<Soc, { readonly base: number; readonly size: number }>> = {
  mp15: { base: 0xc0000000, size: 16 << 20 },
  mp13: { base: 0xc0000000, size: 16 << 20 },
  mp25: { base: 0x84000000, size: 16 << 20 },
};
export const tfaDdrFirmwareBuffer = { base: 0x0e040000, size: 32 << 10 } as const;

/** `DFU @Device ID /0x%03X, @Revision ID /0x%04X, @Name /%s,` ([TFA-mp1], [TFA-mp2]). */
export function tfaProduct(deviceId: number, profile: BoardProfile): string {
  return `DFU @Device ID /0x${hex(deviceId, 3)}, @Revision ID /0x${hex(profile.revision.tfa, 4)}, @Name /${profile.socName},`;
}

export function tfaPersonality(
  alternates: readonly string[],
  product: string,
  serial: string | null,
): UsbPersonality {
  return stDfuPersonality({ product, serial, alternates, detachTimeoutMs: 255, transferSize: 1024 });
}
