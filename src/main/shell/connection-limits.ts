/**
 * What one WebSocket connection of the browser shell may hold in the server's memory. A page that reads its
 * socket never comes near these: progress is at most 20 events a second per board, and a reply is at most a
 * console's history (256 KiB) or a 50-entry path completion. A client that stops reading is held here, so
 * the server's memory stays bounded whatever a client does.
 */
export interface ConnectionLimits {
  /** Requests being handled at once; the next ones wait unread in the client's socket (TCP backpressure). */
  readonly maxInFlight: number;
  /**
   * Bytes queued for the client (ws's buffer plus ours) above which the connection is congested: reading its
   * requests pauses, progress events are dropped (the newest of each partition kept), other events coalesce.
   */
  readonly softBytes: number;
  /** Bytes queued above which, for longer than `hardForMs`, the connection is closed with 1013. */
  readonly hardBytes: number;
  readonly hardForMs: number;
  /** How often a congested connection looks again whether the client has read. */
  readonly checkEveryMs: number;
  /**
   * A page that sent heartbeats and then fell silent this long is gone without a word (a closed laptop, a
   * dropped network): its connection is ended, so its events stop piling up. Pages ping every 2 s.
   */
  readonly silentPageMs?: number;
}

export const defaultConnectionLimits: ConnectionLimits = {
  // Eight: the page sends a handful at once (boards, layout, settings, console history); more is a script.
  maxInFlight: 8,
  // One frame's worth (ws refuses frames over 1 MiB): a page that is merely busy drawing stays under it.
  softBytes: 1024 * 1024,
  // Soft plus eight in-flight replies of up to 2 MiB each, and room to spare: only a client that does not
  // read at all reaches it, and then for seconds, not a hiccup.
  hardBytes: 32 * 1024 * 1024,
  hardForMs: 5000,
  checkEveryMs: 50,
  silentPageMs: 30_000,
};

/** Used when the limits given leave `silentPageMs` out. */
export const defaultSilentPageMs = 30_000;

/** WebSocket close codes the browser shell sends itself (RFC 6455 §7.4.1). */
export const closeCodes = {
  /** Policy violation: the client sent something that is not a request frame. */
  notAFrame: 1008,
  /** Try again later: the client let its replies and events pile up over the hard limit. */
  tooSlow: 1013,
} as const;
