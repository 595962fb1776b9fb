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

/**
 * The answer to a permission *check* (Chromium asks before some requests and for `navigator.permissions`):
 * the same rule as a request, read from the asking page. No page (a check from a service) gets nothing.
 */
export function isPermissionCheckAllowed(
  permission: string,
  requestingUrl: string | undefined,
  appPageUrl: string,
): boolean {
  return requestingUrl !== undefined && isPermissionAllowed(permission, requestingUrl, appPageUrl);
}

/** WebUSB, WebSerial and WebHID device grants: never. The main process owns the boards and their consoles. */
export function isDevicePermissionAllowed(): boolean {
  return false;
}
