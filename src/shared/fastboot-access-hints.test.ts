import { describe, expect, it } from 'vitest';
import { fastbootAccessFix, fastbootVmFilterHint, stFastbootDriverPackage } from './fastboot-access-hints';
import { fastbootUdevRule } from './udev-rule';

describe('what lets this computer open the fastboot device (0483:0afb)', () => {
  it.each(['linux', 'win32', 'darwin', 'freebsd'])('%s: the fix names the device 0483:0afb', (platform) => {
    expect(fastbootAccessFix(platform).summary).toContain('USB 0483:0afb');
  });

  it('Linux: the command installs the rule file with the 0afb line', () => {
    expect(fastbootAccessFix('linux').terminal).toContain(fastbootUdevRule);
  });

  it("Windows: ST's android_winusb.inf through pnputil, Zadig or Device Manager for 0483 0AFB, and auto stays on DFU", () => {
    const fix = fastbootAccessFix('win32');
    expect(fix.summary).toMatch(/--fast auto stays on DFU/);
    expect(fix.steps.join('\n')).toContain('pnputil /add-driver android_winusb.inf /install');
    expect(fix.steps.join('\n')).toContain('USB ID 0483 0AFB');
    expect(fix.steps.join('\n')).toContain('WinUsb Device');
    expect(fix.snippet).toBe(stFastbootDriverPackage.install);
  });

  it('a virtual machine filter must take 0483:0afb as well', () => {
    expect(fastbootVmFilterHint).toMatch(/vendor 0483, product 0afb/);
  });
});
