import type { FlasherBridge } from '../../shared/contract';
import { createWebSocketBridge } from './websocket-bridge';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in the browser shell. */
    readonly flasher?: FlasherBridge;
  }
}

/** Preload present → Electron; otherwise the browser shell's WebSocket. Decided once, at start-up. */
export function pickTransport(): FlasherBridge {
  return window.flasher ?? createWebSocketBridge(window.location);
}
