/**
 * The stages a board goes through in one programming run (spec §1.1). The 2019 flow has no `uboot-layout`; the
 * fast path (issue 26) goes from `uboot-layout` to U-Boot's fastboot gadget (0483:0afb), `uboot-fastboot`.
 */
export const stages = [
  'rom',
  'tfa-ddr',
  'tfa',
  'uboot-layout',
  'uboot-partitions',
  'uboot-fastboot',
  'done',
] as const;
export type Stage = (typeof stages)[number];

/** SoC families this tool programs, by the ROM's Device ID (spec §8). */
export const socs = ['mp13', 'mp15', 'mp25'] as const;
export type Soc = (typeof socs)[number];

/** Negotiated USB link speed, read from the bus (never from the product string). */
export const linkSpeeds = ['low', 'full', 'high', 'super', 'unknown'] as const;
export type LinkSpeed = (typeof linkSpeeds)[number];
