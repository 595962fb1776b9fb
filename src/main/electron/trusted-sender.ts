/** The parts of an IPC event's sender this check reads (a subset of Electron's IpcMainInvokeEvent). */
export interface SenderFacts {
  readonly sender: { readonly id: number };
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
}

/**
 * True when a request comes from the app's own window, from its top frame, showing the app's own page.
 * Anything else (another window, an iframe, a page navigated elsewhere) is refused.
 */
export function isTrustedSender(event: SenderFacts, windowContentsId: number, appPageUrl: string): boolean {
  const frame = event.senderFrame;
  if (frame === null || frame.parent !== null) return false;
  if (event.sender.id !== windowContentsId) return false;
  return stripHashAndQuery(frame.url) === stripHashAndQuery(appPageUrl);
}

function stripHashAndQuery(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin === 'null' ? parsed.protocol : parsed.origin}${parsed.pathname}`;
  } catch {
    return '';
  }
}
