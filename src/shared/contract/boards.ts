import { z } from 'zod';
import { linkSpeeds, socs, stages } from '../board';
import { defineEvent, defineRequest } from './define';

/**
 * What a board is doing, as a person at the desk (or a station operator) sees it. A board keeps its row through
 * every re-enumeration of a run (`re-enumerating`, with the countdown); one that leaves outside a run becomes
 * `gone` after a short grace and comes back as the same board (same serial; without one, the same slot).
 */
export const boardStates = ['idle', 'programming', 're-enumerating', 'passed', 'failed', 'gone'] as const;
export type BoardState = (typeof boardStates)[number];

/**
 * Whether this computer can talk to the board: `reading` while its strings are read (Windows and macOS open it
 * once, briefly), `in-use` while another program holds it (retried), `refused` when the host refuses it (driver,
 * udev rule, VM filter; `accessProblem` says what to do), `no-driver` when the host has no driver the USB library
 * can use for it (Windows: WinUSB is not bound), `ok` otherwise.
 */
export const boardAccesses = ['ok', 'reading', 'in-use', 'refused', 'no-driver'] as const;
export type BoardAccess = (typeof boardAccesses)[number];

/** One board, real (libusb) or virtual: a board on the desk (or in a station slot), not one USB enumeration. */
export const boardSummarySchema = z.object({
  /** Stable for the life of the process, across re-enumerations: address the board with it. */
  id: z.string(),
  virtual: z.boolean(),
  /** Where it is plugged: bus number and port chain, e.g. `1-2.3`. The list is ordered by slot. */
  slot: z.string(),
  /** The chip's unique ID (24 hex digits), the same in every stage; null when the board has none. */
  serial: z.string().nullable(),
  soc: z.enum(socs).nullable(),
  /** The chip revision every stage's product string carries (`@Revision ID /0x2000`), else null. */
  revision: z.string().nullable(),
  /** The stage its product string names (null when it cannot tell, e.g. U-Boot's two gadgets, or unread). */
  stage: z.enum(stages).nullable(),
  /** Read from the bus; `unknown` where the OS does not report it (Windows and macOS with libusb). */
  speed: z.enum(linkSpeeds),
  /** The product string of its current enumeration (null while unread or when it left). */
  product: z.string().nullable(),
  state: z.enum(boardStates),
  access: z.enum(boardAccesses),
  /** What the host said when it refused the board, and what to do. */
  accessProblem: z.string().nullable(),
  /** The run that holds it (`programming`, `re-enumerating`, and the last run's `passed`/`failed`). */
  runId: z.string().nullable(),
  /** While `re-enumerating`: which stage it is expected back in, and the seconds left to the deadline. */
  reconnect: z.object({ expectedStage: z.enum(stages), secondsLeft: z.number().int().min(0) }).nullable(),
});
export type BoardSummary = z.infer<typeof boardSummarySchema>;

/** `0x2000` from a product string's `@Revision ID /0x2000` (ROM, TF-A and U-Boot all carry it), else null. */
export function revisionOfProduct(product: string | null): string | null {
  const hex = /@Revision ID \/0x([0-9a-f]{1,4})/i.exec(product ?? '')?.[1];
  return hex === undefined ? null : `0x${hex.toLowerCase().padStart(4, '0')}`;
}

const boardList = z.object({ boards: z.array(boardSummarySchema) });

export const boardsList = defineRequest('boards.list', z.object({}).strict(), boardList);
export const boardsChanged = defineEvent('boards.changed', boardList);
