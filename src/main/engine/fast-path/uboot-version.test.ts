import { describe, expect, it } from 'vitest';
import { parseUbootVersion, runsScripts } from './uboot-version';

function scripts(text: string): boolean {
  const version = parseUbootVersion(text);
  if (version === null) throw new Error(`not a version: ${text}`);
  return runsScripts(version);
}

describe('the U-Boot versions whose stm32prog runs a script image', () => {
  it('ST’s fork from v2021.10-stm32mp-r1 on', () => {
    expect(scripts('2021.10-stm32mp-r1 (Jan 01 2022 - 00:00:00 +0000)')).toBe(true);
    expect(scripts('2022.10-stm32mp-r2.1')).toBe(true);
    expect(scripts('2023.10-stm32mp-r1-00001-gabcdef')).toBe(true);
    expect(scripts('2020.01-stm32mp-r2.1')).toBe(false);
    expect(scripts('2021.01-stm32mp-r1')).toBe(false);
  });

  it('upstream from the v2022.07 release on; its release candidates and older releases do not', () => {
    expect(scripts('2022.07')).toBe(true);
    expect(scripts('2024.04-00012-g1234567-dirty (Apr 02 2024)')).toBe(true);
    expect(scripts('2022.04')).toBe(false);
    expect(scripts('2022.07-rc5')).toBe(false);
    expect(scripts('2021.10')).toBe(false);
  });

  it('reads the parts of a version and keeps its text up to the date', () => {
    expect(parseUbootVersion('2021.10-rc2-stm32mp-r1.2 (Oct 2021)')).toEqual({
      text: '2021.10-rc2-stm32mp-r1.2',
      year: 2021,
      month: 10,
      rc: 2,
      st: { release: 1, sub: 2 },
    });
  });

  it('refuses what is not a version', () => {
    expect(parseUbootVersion('2021.13')).toBeNull();
    expect(parseUbootVersion('20xx.10')).toBeNull();
    expect(parseUbootVersion('SPL 2021.10')).toBeNull();
  });
});
