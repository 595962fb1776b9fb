import type { Soc } from '../../../shared/board';
import type { BoardProfile } from '../board/board-profile';
import { hex } from '../board/board-profile';
import { stDfuPersonality, type UsbPersonality } from '../usb-device/usb-personality';

/**
 * ROM alternates. MP15: the six names of spec §2.3 (confirmed). MP13 and MP25: only alt 0 `@FSBL` and
 * the existence of a `@virtual` alt are known (findings §2). Model choice `romAltsMp13Mp25`: exactly
 * those two, the virtual alt spelled as TF-A spells it.
 */
export const romAlternates: Readonly<Record<Soc, readonly string[]>> = {
  mp15: [
    '@Partition0 /0x00/1*256Ke',
    '@FSBL /0x01/1*1Me',
    '@Partition2 /0x02/1*1Me',
    '@Partition3 /0x03/1*16Me',
    '@Partition4 /0x04/1*16Me',
    '@virtual /0xF1/1*512Ba',
  ],
  mp13: ['@FSBL /0x01/1*128Ke', '@virtual /0xF1/1*512Ba'],
  mp25: ['@FSBL /0x01/1*256Ke', '@virtual /0xF1/1*512Ba'],
};

/** The FSBL alt's capacity, from its name (1 MiB, 128 KiB, 256 KiB). */
export const romFsblCapacity: Readonly<Record<Soc, number>> = {
  mp15: 1 << 20,
  mp13: 128 << 10,
  mp25: 256 << 10,
};

/**
 * Model choice `romGetPhaseAddress` (findings §1: the ROM's address bytes were never observed): the ROM
 * answers the SYSRAM address it loads the FSBL to (findings §6: MP15 0x2FFC2400, MP25 0x0E002600, MP13 0x2FFE0000).
 */
export const romLoadAddress: Readonly<Record<Soc, number>> = {
  mp15: 0x2ffc2400,
  mp13: 0x2ffe0000,
  mp25: 0x0e002600,
};

/**
 * Model choice `romWDetachTimeOut` (spec §2.4, findings §4: not found): 255 ms, the value of the old TF-A
 * descriptor that carries the ROM's strings.
 */
const romDetachTimeoutMs = 255;

/**
 * The ROM's product string `DFU in HS Mode @Device ID /0x500, @Revision ID /0x0000` (spec §2.1, findings §3).
 * Model choice `romSaysHsBehindFullSpeed`: with the `full-speed` fault the ROM still says `HS` (the 2019 log,
 * spec §11 row 1: a VM's hub made the link Full Speed while the ROM enumerated at High Speed upstream).
 */
export function romProduct(deviceId: number, profile: BoardProfile): string {
  return `DFU in HS Mode @Device ID /0x${hex(deviceId, 3)}, @Revision ID /0x${hex(profile.revision.rom, 4)}`;
}

/**
 * Model choice `romStandardRequestsAsTfa` (the ROM is closed; TF-A's USB stack says "as ROM code" and on MP15 keeps
 * the ROM's configuration, so the host's cached ROM descriptors are TF-A's): the ROM answers GET_STATUS self powered,
 * the 10-byte device qualifier, iConfiguration 2 and GET_DESCRIPTOR(DFU functional) to the interface as TF-A does
 * (`usb-device/endpoint-zero.ts`, `descriptor-bytes.ts`).
 */
export function romPersonality(
  soc: Soc,
  deviceId: number,
  profile: BoardProfile,
  serial: string | null,
): UsbPersonality {
  return stDfuPersonality({
    product: romProduct(deviceId, profile),
    serial,
    alternates: romAlternates[soc],
    detachTimeoutMs: romDetachTimeoutMs,
    transferSize: 1024,
  });
}
