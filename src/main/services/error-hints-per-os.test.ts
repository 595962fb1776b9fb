import { describe, expect, it } from 'vitest';
import { FlasherError, hintFor, hostAccessHint, linuxUdevRule } from '../../shared/errors';
import { createServices } from './create-services';

const context = { transport: 'browser-shell', clientId: 'test' } as const;

/** A contract request whose handler fails with DEVICE_UNOPENABLE, whose hint differs per OS. */
async function refusedHint(platform: NodeJS.Platform): Promise<string> {
  const services = createServices({
    transport: 'browser-shell',
    platform,
    cwd: process.cwd(),
    startVirtualBoard: () => Promise.reject(new FlasherError('DEVICE_UNOPENABLE')),
  });
  try {
    const reply = await services.server.handle('boards.addVirtual', { soc: 'mp15' }, context);
    if (reply.ok) throw new Error('expected the request to fail');
    expect(reply.error.code).toBe('DEVICE_UNOPENABLE');
    return reply.error.hint;
  } finally {
    services.dispose();
  }
}

describe('a FlasherError thrown in a handler carries the hint for the host OS', () => {
  it('answers the WinUSB hint on win32, the udev rule on linux, the default on darwin', async () => {
    const win32 = await refusedHint('win32');
    const linux = await refusedHint('linux');
    const darwin = await refusedHint('darwin');
    expect(win32).toBe(hintFor('DEVICE_UNOPENABLE', 'win32'));
    expect(win32).toMatch(/WinUSB/);
    expect(win32).not.toContain('udev');
    expect(linux).toBe(hintFor('DEVICE_UNOPENABLE', 'linux'));
    expect(linux).toContain(linuxUdevRule.path);
    expect(linux).toContain(linuxUdevRule.reload);
    expect(darwin).toBe(hintFor('DEVICE_UNOPENABLE', 'darwin'));
    expect(darwin).not.toContain('udev');
    expect(darwin).not.toContain('WinUSB');
    expect(new Set([win32, linux, darwin]).size).toBe(3);
  });

  it('keeps a hint the thrower gave, whatever the OS', async () => {
    const services = createServices({
      transport: 'browser-shell',
      platform: 'win32',
      cwd: process.cwd(),
      startVirtualBoard: () => Promise.reject(new FlasherError('DEVICE_UNOPENABLE', undefined, 'Own hint.')),
    });
    const reply = await services.server.handle('boards.addVirtual', { soc: 'mp15' }, context);
    services.dispose();
    expect(!reply.ok && reply.error.hint).toBe('Own hint.');
  });

  it('an OS the catalog does not name gets the default hint', () => {
    expect(hintFor('DEVICE_UNOPENABLE', 'freebsd')).toBe(hostAccessHint('freebsd'));
    expect(hintFor('DEVICE_UNOPENABLE', 'freebsd')).toBe(hintFor('DEVICE_UNOPENABLE', 'aix'));
  });
});
