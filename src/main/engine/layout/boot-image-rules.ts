import type { Soc } from '../../../shared/board';
import type { LayoutIssue, LayoutIssueSeverity } from '../../../shared/layout';
import { fipTocHeader, phaseId } from '../../protocol/phase';
import { stm32Magic } from '../../protocol/stm32-header';
import { columnOf, type Partition } from './flash-layout';
import { hexId, layoutIssue } from './layout-issue';

/**
 * The most bytes after the STM32 header the ROM loads of an FSBL, per SoC. Over USB the ROM stores what it
 * receives from its load address on, so the whole file counts, not only the header's image length.
 *
 * Sources:
 * - ST wiki "ROM code overview" (quoted in rom-and-host-findings.md §2): "Image loading binary size (without
 *   STM32 header) 128 KB [MP13] 247 KB [MP15] FSBLA: 247 KB [MP25]".
 * - TF-A `plat/st/stm32mp1/stm32mp1_def.h` (MP15): SYSRAM 0x2FFC0000, size 0x40000; the ROM keeps its
 *   parameters in the first STM32MP_PARAM_LOAD_SIZE = 0x2400 bytes and loads the header there;
 *   STM32MP_BINARY_SIZE = 0x40000 - (0x2400 + STM32MP_HEADER_SIZE 0x100) = 0x3DB00.
 * - TF-A `plat/st/stm32mp2/stm32mp2_def.h` (MP25): SYSRAM 0x0E000000, size 0x40000, the same 0x2400 of
 *   parameters, a 0x200 header: STM32MP_BINARY_SIZE = 0x3DA00.
 * - TF-A `stm32mp1_def.h` (MP13): SYSRAM 0x2FFE0000, size 0x20000, STM32MP_BINARY_BASE = the SYSRAM base (no
 *   parameter area before the binary).
 *
 * KB is 1024 here: 247 KiB + the 9 KiB parameter area is exactly the 256 KiB SYSRAM, and 128 KiB is the whole
 * MP13 SYSRAM; 247,000 or 128,000 bytes match no boundary in TF-A. The 247 KiB from the load address to the end
 * of SYSRAM hold the header too, so the image after the header gets 256 (MP15) or 512 (MP25) bytes less: TF-A's
 * STM32MP_BINARY_SIZE, used here (the wiki's "without header" is that much loose). For MP13 the wiki's figure
 * is used as is.
 */
export const romFsblLimit: Readonly<Record<Soc, number>> = {
  mp15: 0x3db00, // 252,672 bytes
  mp13: 0x20000, // 131,072 bytes
  mp25: 0x3da00, // 252,416 bytes
};

const socName: Readonly<Record<Soc, string>> = { mp13: 'STM32MP13', mp15: 'STM32MP15', mp25: 'STM32MP25' };

export interface FsblSizeInput {
  readonly partition: Partition;
  readonly fileSize: bigint;
  readonly headerSize: number;
  /** `--soc`, else the SoC the FSBL's header version names. */
  readonly soc: Soc;
  /** Whether the SoC came from `--soc` (else from the header). */
  readonly socGiven: boolean;
  readonly severity: LayoutIssueSeverity;
}

/** FSBL_TOO_LARGE: an FSBL the ROM cannot hold in SYSRAM. */
export function checkFsblSize(input: FsblSizeInput): LayoutIssue | null {
  const { partition, soc } = input;
  const image = input.fileSize - BigInt(input.headerSize);
  const limit = romFsblLimit[soc];
  if (image <= BigInt(limit)) return null;
  const from = input.socGiven ? `--soc ${soc}` : 'its header version';
  return layoutIssue(
    'FSBL_TOO_LARGE',
    input.severity,
    { line: partition.line, column: columnOf(partition, 'binary') },
    `${partition.binary ?? ''} has ${image} bytes after its ${input.headerSize}-byte STM32 header, but the ${socName[soc]} ROM (from ${from}) loads at most ${limit} bytes into SYSRAM: ${image - BigInt(limit)} too many.${input.severity === 'error' ? ' The ROM will not start it.' : ' (This line is not sent.)'}`,
    'Use the TF-A built for USB or serial boot (tf-a-*-usb.stm32, *-serialboot.stm32), or build BL2 with fewer drivers; check --soc.',
  );
}

/** What the first bytes of a boot image say it is. */
export type BootImageKind = 'fip' | 'fip-without-serial' | 'stm32' | 'other';

/** A FIP (TF-A `firmware_image_package.h`: ToC name 0xAA640001 LE at 0, serial at 4) or a `.stm32` image. */
export function bootImageKind(start: Uint8Array): BootImageKind {
  if (start.length >= stm32Magic.length && stm32Magic.every((byte, index) => start[index] === byte))
    return 'stm32';
  if (start.length < 8) return 'other';
  const view = new DataView(start.buffer, start.byteOffset, start.byteLength);
  if (view.getUint32(fipTocHeader.nameOffset, true) !== fipTocHeader.name) return 'other';
  return view.getUint32(fipTocHeader.serialOffset, true) === 0 ? 'fip-without-serial' : 'fip';
}

function describeStart(start: Uint8Array, kind: BootImageKind): string {
  if (kind === 'fip-without-serial')
    return 'it has the FIP ToC name 0xAA640001 but a zero serial number, which TF-A refuses as a FIP header';
  if (kind === 'stm32') return 'it is a .stm32 image (STM32 header)';
  const bytes = [...start.subarray(0, 4)].map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
  return start.length === 0 ? 'the file is empty' : `it starts with ${bytes}`;
}

/**
 * SSBL_NOT_FIP_OR_STM32 (phase 0x03: a FIP for current TF-A, or the 2019 generation's `.stm32` U-Boot) and
 * DDR_FIRMWARE_NOT_FIP (phase 0x02, MP2 DDR firmware: a FIP only). Checked on the first bytes, which is all the
 * board's TF-A looks at before it refuses the image.
 */
export function checkBootImageKind(
  partition: Partition,
  start: Uint8Array,
  severity: LayoutIssueSeverity,
): LayoutIssue | null {
  const kind = bootImageKind(start);
  const place = { line: partition.line, column: columnOf(partition, 'binary') };
  const sent = severity === 'error' ? '' : ' (This line is not sent.)';
  if (partition.id === phaseId.ssbl) {
    if (kind === 'fip' || kind === 'stm32') return null;
    return layoutIssue(
      'SSBL_NOT_FIP_OR_STM32',
      severity,
      place,
      `${partition.binary ?? ''} is sent to phase ${hexId(phaseId.ssbl)}, which takes a FIP (fip-*.bin, current TF-A) or a .stm32 U-Boot (2019 releases), but ${describeStart(start, kind)}. TF-A will refuse it.${sent}`,
      'Name the FIP the build produced (fip/fip-<board>-….bin), or for 2019 releases u-boot-<board>-trusted.stm32; not u-boot.bin, u-boot.img or an archive.',
    );
  }
  if (partition.id === phaseId.ddrFirmware) {
    if (kind === 'fip') return null;
    return layoutIssue(
      'DDR_FIRMWARE_NOT_FIP',
      severity,
      place,
      `${partition.binary ?? ''} is sent to phase ${hexId(phaseId.ddrFirmware)} (the MP2 DDR firmware), which takes a FIP, but ${describeStart(start, kind)}. TF-A will refuse it.${sent}`,
      'Name the DDR firmware FIP the build produced (fip/fip-ddr-<board>-….bin) on the 0x02 line.',
    );
  }
  return null;
}
