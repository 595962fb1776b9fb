import { describe, expect, it } from 'vitest';
import { boardHeldHint, hintFor, hostAccessFix, linuxUdevRule } from '../../../shared/errors';
import { openRefusalHint } from './open-refusal-hints';

describe('openRefusalHint: the catalog’s per-OS hint for each reason', () => {
  it.each(['linux', 'win32', 'darwin'] as const)(
    'a refused access on %s says what the error catalog says for DEVICE_UNOPENABLE',
    (platform) => {
      expect(openRefusalHint('access', platform)).toBe(hintFor('DEVICE_UNOPENABLE', platform));
      expect(openRefusalHint('access', platform)).toBe(hintFor('DEVICE_RETURNED_UNOPENABLE', platform));
    },
  );

  it('gives the one udev rule on Linux, and its steps are the board list’s', () => {
    const hint = openRefusalHint('access', 'linux');
    for (const part of [linuxUdevRule.path, linuxUdevRule.rule, linuxUdevRule.reload]) {
      expect(hint).toContain(part);
    }
    for (const step of hostAccessFix('linux').steps.slice(0, -1)) expect(hint).toContain(step);
  });

  it('a busy board is held by another program on every OS; an unknown reason still says what to do', () => {
    expect(openRefusalHint('busy', 'win32')).toBe(boardHeldHint);
    expect(openRefusalHint('busy', 'linux')).toBe(boardHeldHint);
    expect(openRefusalHint('io', 'linux')).toMatch(/replug/);
  });
});
