import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { appParts, blocking, scan } from './electronegativity-check.mjs';

// @doyensec/electronegativity over the app's Electron code and its built page (`npm test` builds first).
// The threshold: no finding of high or medium severity, and none of Node in a page.
const fixture = fileURLToPath(new URL('fixtures/node-integration-window', import.meta.url));

interface Finding {
  readonly id: string;
  readonly severity: string;
  readonly file: string;
  readonly line: number;
}
interface Scan {
  readonly findings: Finding[];
  readonly unreadable: string[];
}
const scanned = (parts: string[], options = {}) => scan(parts, options) as Promise<Scan>;
const blocked = (result: Scan) => result.findings.filter(blocking);

describe('electronegativity', () => {
  it('finds nothing of high or medium severity in the app, and reads every file', async () => {
    const result = await scanned(appParts);
    expect(result.unreadable).toEqual([]);
    expect(blocked(result)).toEqual([]);
  }, 60_000);

  it('reads the app’s own window: without the exceptions written beside it, they are reported', async () => {
    const result = await scanned(appParts, { withoutExceptions: true });
    expect(blocked(result).map((finding) => `${finding.id} ${finding.file}`)).toEqual([
      'AUXCLICK_JS_CHECK electron/window-options.ts',
      'PRELOAD_JS_CHECK electron/window-options.ts',
    ]);
  }, 60_000);

  it('refuses a window with nodeIntegration: true', async () => {
    const result = await scanned([...appParts, fixture]);
    const refused = blocked(result).filter((finding) => finding.file.startsWith('node-integration-window/'));
    expect(refused.map((finding) => finding.id)).toContain('NODE_INTEGRATION_JS_CHECK');
  }, 60_000);
});
