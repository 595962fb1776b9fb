import { z } from 'zod';

/** Frames on the browser shell's WebSocket. The Electron transport uses ipcRenderer.invoke instead. */
export const clientFrameSchema = z.object({
  kind: z.literal('request'),
  id: z.number().int().nonnegative(),
  name: z.string(),
  payload: z.unknown(),
});
export type ClientFrame = z.infer<typeof clientFrameSchema>;

export const serverFrameSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('reply'), id: z.number().int().nonnegative(), reply: z.unknown() }),
  z.object({ kind: z.literal('event'), name: z.string(), payload: z.unknown() }),
]);
export type ServerFrame = z.infer<typeof serverFrameSchema>;

/** Path of the contract's WebSocket on the browser shell. */
export const webSocketPath = '/ws';
/** Query parameter (and cookie) carrying the browser shell's access token. */
export const tokenParameter = 'token';
