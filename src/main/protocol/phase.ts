/** Phase ids: the byte GetPhase answers and the `/0xNN` in alternate names (spec §3.1). */
export const phaseId = {
  flashLayout: 0x00,
  fsbl: 0x01,
  ddrFirmware: 0x02,
  ssbl: 0x03,
  firstUser: 0x10,
  lastUser: 0xf0,
  command: 0xf1,
  otp: 0xf2,
  ssp: 0xf3,
  pmic: 0xf4,
  end: 0xfe,
  reset: 0xff,
} as const;
export type PhaseIdName = keyof typeof phaseId;

/** U-Boot's internal "error reported, reset after detach" (never on the wire: the byte sent is 0xFF). */
export const phaseDoReset = 0x1ff;

/** Address field of GetPhase meaning "undefined"; with phase 0x00 it means "detach requested". */
export const undefinedAddress = 0xffffffff;

/** GetPhase answer layout (spec §3.2): phase, address LE32, offset LE32, then one optional byte or text. */
export const getPhaseLayout = { phase: 0, address: 1, offset: 5, extra: 9, minimumLength: 9 } as const;

/** SetPhase/Start payload (spec §3.3): phase, then address big-endian; at least 5 bytes. */
export const setPhaseMinimumLength = 5;

/** FIP ToC header (spec §4.3): name at 0 (LE32), serial number at 4 (must be non-zero). */
export const fipTocHeader = { name: 0xaa640001, nameOffset: 0, serialOffset: 4 } as const;
