import { describe, expect, it } from 'vitest';
import type { HotplugProblem, UsbBackend } from '../../usb/usb-backend';
import { tracedBackend } from './request-trace';

function backend(problem?: HotplugProblem | null): UsbBackend {
  return {
    list: () => Promise.resolve([]),
    on: () => () => undefined,
    open: () => Promise.reject(new Error('not here')),
    ...(problem === undefined ? {} : { hotplugProblem: () => problem }),
  };
}

describe('tracedBackend (program --log)', () => {
  // Found on a real kernel without udevd: the wrapper dropped the check, so the run never warned.
  it('passes the host’s hotplug problem through, so the run still warns about it', () => {
    expect(tracedBackend(backend('udev-not-running'), () => undefined).hotplugProblem?.()).toBe(
      'udev-not-running',
    );
    expect(tracedBackend(backend(null), () => undefined).hotplugProblem?.()).toBeNull();
    expect(tracedBackend(backend(), () => undefined).hotplugProblem?.()).toBeNull();
  });
});
