import type { FlasherBridge } from '../../shared/contract';
import type { ConnectionStatus } from './connection-state';
import { createWebSocketBridge } from './websocket-bridge';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in the browser shell. */
    readonly flasher?: FlasherBridge;
  }
}

export interface Transport {
  readonly bridge: FlasherBridge;
  /** The browser shell's connection to `serve`; null in Electron, whose preload cannot go away. */
  readonly connection: ConnectionStatus | null;
}

/** Preload present → Electron; otherwise the browser shell's WebSocket. Decided once, at start-up. */
export function pickTransport(): Transport {
  if (window.flasher !== undefined) return { bridge: window.flasher, connection: null };
  return createWebSocketBridge(window.location);
}
