/**
 * The renderer's Content-Security-Policy, served by Electron (response header) and the browser shell
 * (response header); the renderer's index.html carries the same policy in a meta tag.
 * No inline script, no eval, no remote origin: the renderer talks only to its own origin.
 */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
