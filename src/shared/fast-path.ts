import { z } from 'zod';

/**
 * The fast path (issue 26): after TF-A and the FIP, U-Boot runs a script that starts fastboot, and the partitions go
 * over bulk transfers instead of DFU. Which path a run takes is decided before anything is sent.
 */

/** `program --fast`: `auto` takes the fast path when every condition holds, `on` insists (refuses otherwise), `off` is DFU. */
export const fastModes = ['auto', 'on', 'off'] as const;
export type FastMode = (typeof fastModes)[number];
export const fastModeSchema = z.enum(fastModes);

/** `--fast-device`: the MMC device the FIP's U-Boot flashes over fastboot (`FASTBOOT_FLASH_MMC_DEV`), e.g. `mmc1`. */
export const fastDevicePattern = /^mmc[0-9]$/;
export const fastDeviceSchema = z.string().regex(fastDevicePattern);

/** What a run will do, decided before anything is sent: shown before Program is pressed and reported at the start. */
export const fastPathChoiceSchema = z.discriminatedUnion('path', [
  z.object({
    path: z.literal('fast'),
    /** The MMC device fastboot flashes (`mmc0`, `mmc1`). */
    device: z.string(),
    /** `FAST_DEVICE_CHOSEN`: --fast-device was given; `FAST_ACCESS_UNKNOWN`: `on` where 0afb may not open. */
    warnings: z.array(
      z.object({ code: z.enum(['FAST_DEVICE_CHOSEN', 'FAST_ACCESS_UNKNOWN']), message: z.string() }),
    ),
  }),
  z.object({
    path: z.literal('dfu'),
    /** Why not the fast path, in one line; null when DFU was asked for (`--fast off`). */
    reason: z.string().nullable(),
  }),
  z.object({
    path: z.literal('refused'),
    code: z.enum(['FAST_PATH_UNAVAILABLE', 'FAST_VERIFY_UNAVAILABLE']),
    reason: z.string(),
  }),
]);
export type FastPathChoice = z.infer<typeof fastPathChoiceSchema>;
