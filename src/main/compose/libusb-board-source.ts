import { BoardTracker } from '../engine/boards/board-tracker';
import type { BoardSource } from '../services/board-directory';
import { LibusbBackend } from '../usb/libusb/libusb-backend';

/** Real boards over libusb (an empty list where the machine has no USB), tracked as boards `usb-N`. */
export function libusbBoardSource(): BoardSource & { close(): void } {
  const backend = new LibusbBackend();
  const tracker = new BoardTracker({ backend, idPrefix: 'usb-' });
  void tracker.start().catch(() => undefined);
  return {
    backend,
    tracker,
    consoleOf: () => null,
    close: () => {
      tracker.dispose();
      backend.dispose();
    },
  };
}
