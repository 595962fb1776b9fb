import { afterEach, describe, expect, it } from 'vitest';
import { SettingsStore } from '../services/settings-store';
import { anyFilePolicy } from '../services/file-access-policy';
import { composeApp, type App } from './compose-app';
import { defaultSimOptions } from './sim/sim-options';
import { SimulationSlot } from './simulation-slot';

const context = { transport: 'browser-shell', clientId: 'test' } as const;

let app: App | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

describe('the simulation slot', () => {
  it('two boards.addVirtual at once: one starts, the other answers VIRTUAL_BOARD_RUNNING', async () => {
    app = composeApp({
      transport: 'browser-shell',
      platform: process.platform,
      cwd: process.cwd(),
      settings: SettingsStore.inMemory(),
      fileAccess: anyFilePolicy,
    });
    const { server } = app.services;
    const replies = await Promise.all([
      server.handle('boards.addVirtual', { soc: 'mp15' }, context),
      server.handle('boards.addVirtual', { soc: 'mp13' }, context),
    ]);
    const ok = replies.filter((reply) => reply.ok);
    const refused = replies.flatMap((reply) => (reply.ok ? [] : [reply.error.code]));
    expect(ok).toHaveLength(1);
    expect(refused).toEqual(['VIRTUAL_BOARD_RUNNING']);
    const virtual = app.services.boards.list().filter((board) => board.id.startsWith('virtual-'));
    expect(virtual.map((board) => board.id)).toEqual(['virtual-1']);
  });

  it('never gives a board an id an earlier simulation gave', async () => {
    const seen: string[] = [];
    const host = { addSource: () => () => undefined, attachConsole: () => undefined };
    const slot = new SimulationSlot(host);
    seen.push(...(await slot.start({ ...defaultSimOptions('mp15'), sim: 2 })).ids);
    await slot.close();
    seen.push(...(await slot.start(defaultSimOptions('mp13'))).ids);
    await slot.close();
    seen.push(...(await slot.start(defaultSimOptions('mp15'))).ids);
    await slot.close();
    expect(seen).toEqual(['virtual-1', 'virtual-2', 'virtual-3', 'virtual-4']);
  });
});
