import { z } from 'zod';

/**
 * Every deadline a person can set (CLI options, settings, `program.start`): its default and, where it has them,
 * its bounds. The settings schema, the contract, the engine's defaults and the CLI's parsers and help texts all
 * read them here, so `serve`, `program` and the app cannot disagree.
 */

/** How long a board may take to come back after a stage change (`--reconnect-timeout`, the setting). */
export const reconnectTimeout = {
  /** CubeProgrammer's own reconnect wait. */
  defaultMs: 30_000,
  minMs: 100,
  maxMs: 600_000,
} as const;

/**
 * The write deadline: a request during which the board writes to its memory, a block's DNLOAD and the GETSTATUS
 * after it (`--write-timeout`). U-Boot writes its 8 MiB buffers then, `dfu_mtd` erases first, and a raw eMMC
 * flush can take minutes; a public DFU host waits 300 s for such requests (rom-and-host-findings §13).
 */
export const writeTimeout = { defaultMs: 300_000 } as const;

/** How long a board may take to leave the bus after DETACH (`--leave-timeout`). */
export const leaveTimeout = { defaultMs: 3000 } as const;

/** One USB control request (`--request-timeout`), as CubeProgrammer. */
export const requestTimeout = { defaultMs: 5000 } as const;

/** A come-back deadline as the settings and `program.start` accept it. */
export const reconnectTimeoutMsSchema = z
  .number()
  .int()
  .min(reconnectTimeout.minMs)
  .max(reconnectTimeout.maxMs);

/** Whether a come-back deadline is one the settings, `program.start` and the CLI accept. */
export function isReconnectTimeoutInRange(ms: number): boolean {
  return reconnectTimeoutMsSchema.safeParse(ms).success;
}
