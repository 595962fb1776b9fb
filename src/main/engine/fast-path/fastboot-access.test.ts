import { describe, expect, it } from 'vitest';
import { fastbootAccess } from './fastboot-access';

const rules = (text: string | null) => async () => text;

describe('whether this computer can open the fastboot device 0483:0afb', () => {
  it('a virtual board and macOS: yes', async () => {
    expect(
      await fastbootAccess({ platform: 'linux', simulated: true, readRule: rules(null), isRoot: false }),
    ).toEqual({ state: 'yes' });
    expect(await fastbootAccess({ platform: 'darwin', simulated: false })).toEqual({ state: 'yes' });
  });

  it('Linux: yes with a udev rule naming 0afb (or as root), no without one', async () => {
    const withRule = 'SUBSYSTEM=="usb", ATTR{idVendor}=="0483", ATTR{idProduct}=="0afb", TAG+="uaccess"';
    expect(
      await fastbootAccess({ platform: 'linux', simulated: false, readRule: rules(withRule), isRoot: false }),
    ).toEqual({ state: 'yes' });
    expect(
      await fastbootAccess({ platform: 'linux', simulated: false, readRule: rules(null), isRoot: true }),
    ).toEqual({ state: 'yes' });
    const dfuOnly = await fastbootAccess({
      platform: 'linux',
      simulated: false,
      readRule: rules('ATTR{idProduct}=="df11"'),
      isRoot: false,
    });
    expect(dfuOnly).toMatchObject({ state: 'no', reason: expect.stringContaining('0483:0afb') });
  });

  it('Windows: not known (no driver binds by itself), so auto stays on DFU and on goes with a warning', async () => {
    expect(await fastbootAccess({ platform: 'win32', simulated: false })).toMatchObject({
      state: 'unknown',
      reason: expect.stringContaining('android_winusb.inf'),
    });
  });
});
