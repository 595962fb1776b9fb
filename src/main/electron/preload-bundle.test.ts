import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// `npm test` builds before running vitest; the built preload is what Electron loads into a sandbox.
const built = fileURLToPath(new URL('../../../out/preload/index.cjs', import.meta.url));

describe('the built preload bundle', () => {
  it('exists (npm test builds it first)', () => {
    expect(existsSync(built)).toBe(true);
  });

  it('is CommonJS: no import statement, no dynamic import', () => {
    const code = readFileSync(built, 'utf8');
    expect(code).not.toMatch(/^\s*import[\s{*"']/m);
    expect(code).not.toMatch(/^\s*export\s/m);
    expect(code).not.toMatch(/\bimport\s*\(/);
  });

  it('requires nothing but electron', () => {
    const code = readFileSync(built, 'utf8');
    const required = [...code.matchAll(/\brequire\s*\(\s*(['"`])([^'"`]+)\1\s*\)/g)].map((m) => m[2]);
    expect(required).toContain('electron');
    expect(required.filter((name) => name !== 'electron')).toEqual([]);
    expect(code).not.toMatch(/\brequire\s*\(\s*[^'"`\s]/);
  });
});
