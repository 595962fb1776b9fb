/**
 * Which web permissions the app's window gets: writing sanitized text to the clipboard ("Copy report"), and
 * only for the app's own page. Everything else (camera, USB, serial, notifications, …) is denied: the main
 * process owns the devices.
 */
export function isPermissionAllowed(permission: string, requestingUrl: string, appPageUrl: string): boolean {
  if (permission !== 'clipboard-sanitized-write') return false;
  return pageOf(requestingUrl) === pageOf(appPageUrl);
}

function pageOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}${parsed.pathname}`;
  } catch {
    return '';
  }
}
