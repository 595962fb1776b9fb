import type { BoardProfile } from '../board/board-profile';
import { hex } from '../board/board-profile';
import { stDfuPersonality, type UsbPersonality } from '../usb-device/usb-personality';

/** `USB download gadget@Device ID /0x%03X, @Revision ID /0x%04X, @Name /%s,` ([UB-usb]). */
export function ubootProduct(deviceId: number, profile: BoardProfile): string {
  return `USB download gadget@Device ID /0x${hex(deviceId, 3)}, @Revision ID /0x${hex(profile.revision.uboot, 4)}, @Name /${profile.socName},`;
}

/** U-Boot's gadget: 0483:df11 forced, bcdDevice 0x0200, wDetachTimeOut 0, wTransferSize 4096 (spec §2). */
export function ubootPersonality(
  product: string,
  serial: string | null,
  alternates: readonly string[],
): UsbPersonality {
  return stDfuPersonality({ product, serial, alternates, detachTimeoutMs: 0, transferSize: 4096 });
}

/** `CONFIG_SYS_DFU_DATA_BUF_SIZE`: U-Boot writes to the medium when this much is buffered, or at manifestation. */
export const ubootDfuBufferSize = 8 * 1024 * 1024;
