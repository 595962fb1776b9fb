import { describe, expect, it } from 'vitest';
import { FlasherError } from '../../shared/errors';
import { ContractServer, type RequestContext, type RequestHandlers } from './contract-server';

const context: RequestContext = { transport: 'browser-shell', clientId: 'test' };

const unused = () => {
  throw new Error('not used by these tests');
};

function serverWith(overrides: Partial<RequestHandlers> = {}): ContractServer {
  const handlers: RequestHandlers = {
    'app.info': () => ({
      name: 'STM32MP Flasher',
      version: '1.2.3',
      platform: 'linux',
      transport: 'browser-shell',
      virtualMachine: 'none',
    }),
    'app.openLogFolder': unused,
    'boards.list': () => ({ boards: [] }),
    'boards.addVirtual': unused,
    'access.installUdevRule': unused,
    'access.windowsDriverInstaller': unused,
    'access.installWindowsDriver': unused,
    'layout.open': unused,
    'layout.check': unused,
    'layout.current': () => ({ report: null }),
    'layout.choose': unused,
    'layout.digest': unused,
    'layout.complete': unused,
    'files.browse': unused,
    'image.export': unused,
    'image.cancel': unused,
    'doctor.read': unused,
    'settings.get': unused,
    'settings.update': unused,
    'program.start': unused,
    'program.cancel': unused,
    'program.fastPath': unused,
    'console.list': unused,
    'console.open': unused,
    'console.close': unused,
    'console.history': unused,
    'station.get': () => ({ view: null }),
    'station.programAll': unused,
    'station.programSlot': unused,
    'station.setAuto': unused,
    'station.open': unused,
    'station.teach': unused,
  };
  return new ContractServer(Object.assign(handlers, overrides), 'linux');
}

describe('ContractServer', () => {
  it('answers a valid request with its value', async () => {
    const reply = await serverWith().handle('app.info', {}, context);
    expect(reply).toEqual({
      ok: true,
      value: {
        name: 'STM32MP Flasher',
        version: '1.2.3',
        platform: 'linux',
        transport: 'browser-shell',
        virtualMachine: 'none',
      },
    });
  });

  it('answers an unknown request name with BAD_REQUEST, not a crash', async () => {
    const reply = await serverWith().handle('devices.format', {}, context);
    expect(reply.ok).toBe(false);
    expect(!reply.ok && reply.error.code).toBe('BAD_REQUEST');
    expect(!reply.ok && reply.error.message).toContain('devices.format');
  });

  it.each([
    ['an extra field', { surprise: 1 }],
    ['a string', 'hello'],
    ['a number', 42],
    ['an array', [1, 2]],
  ])('answers a malformed payload (%s) with BAD_REQUEST and a hint', async (_what, payload) => {
    const reply = await serverWith().handle('boards.list', payload, context);
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('BAD_REQUEST');
    expect(reply.error.message).toMatch(/Invalid payload for boards\.list/);
    expect(reply.error.hint.length).toBeGreaterThan(10);
  });

  it('turns a thrown FlasherError into plain error data with its code', async () => {
    const server = serverWith({
      'boards.list': () => {
        throw new FlasherError('TRANSPORT_CLOSED', 'gone');
      },
    });
    const reply = await server.handle('boards.list', {}, context);
    expect(reply).toEqual({
      ok: false,
      error: { code: 'TRANSPORT_CLOSED', message: 'gone', hint: expect.any(String) },
    });
    expect(JSON.parse(JSON.stringify(reply))).toEqual(reply);
  });

  it('turns any other failure into INTERNAL_ERROR instead of rejecting', async () => {
    const server = serverWith({
      'boards.list': async () => {
        throw new TypeError('boom');
      },
    });
    const reply = await server.handle('boards.list', {}, context);
    expect(!reply.ok && reply.error.code).toBe('INTERNAL_ERROR');
    expect(!reply.ok && reply.error.message).toContain('boom');
  });

  it('refuses to send an answer that breaks the contract', async () => {
    const server = serverWith({
      'app.info': () => ({ name: 'x', version: 1 }) as never,
    });
    const reply = await server.handle('app.info', {}, context);
    expect(!reply.ok && reply.error.code).toBe('INTERNAL_ERROR');
  });

  it('delivers events to every listener, and throws on a payload that breaks its schema', () => {
    const server = serverWith();
    const seen: unknown[] = [];
    const stop = server.onEvent((name, payload) => seen.push([name, payload]));
    server.emit('boards.changed', { boards: [] });
    stop();
    server.emit('boards.changed', { boards: [] });
    expect(seen).toEqual([['boards.changed', { boards: [] }]]);
    expect(() => server.emit('boards.changed', { boards: 'none' } as never)).toThrow();
  });

  it('quotes an unknown request name short, whatever its length', async () => {
    const reply = await serverWith().handle('x'.repeat(1_000_000), {}, context);
    expect(!reply.ok && reply.error.message.length).toBeLessThan(200);
  });
});
