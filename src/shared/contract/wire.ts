import { z } from 'zod';

/**
 * Frames on the browser shell's WebSocket. The Electron transport uses ipcRenderer.invoke instead.
 * `ping` is the page's heartbeat: the server answers `pong` with its id at once, outside the contract's
 * request queue, so a page notices a server that keeps its socket open but no longer answers (stopped).
 */
export const clientFrameSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('request'),
    id: z.number().int().nonnegative(),
    name: z.string(),
    payload: z.unknown(),
  }),
  z.object({ kind: z.literal('ping'), id: z.number().int().nonnegative() }),
]);
export type ClientFrame = z.infer<typeof clientFrameSchema>;

export const serverFrameSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('reply'), id: z.number().int().nonnegative(), reply: z.unknown() }),
  z.object({ kind: z.literal('event'), name: z.string(), payload: z.unknown() }),
  z.object({ kind: z.literal('pong'), id: z.number().int().nonnegative() }),
]);
export type ServerFrame = z.infer<typeof serverFrameSchema>;

/** Path of the contract's WebSocket on the browser shell. */
export const webSocketPath = '/ws';
/** Query parameter (and cookie) carrying the browser shell's access token. */
export const tokenParameter = 'token';

/**
 * The close code the server sends every page when it stops on purpose (Ctrl+C): RFC 6455's "going away".
 * A page that receives it says the app has stopped instead of "reconnecting".
 */
export const stoppingCloseCode = 1001;
