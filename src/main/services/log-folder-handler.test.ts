import { describe, expect, it } from 'vitest';
import { createServices } from './create-services';

const context = { transport: 'browser-shell' as const, clientId: 'test' };

function servicesWith(options: { logFolder?: string; openFolder?: (folder: string) => Promise<void> }) {
  return createServices({ transport: 'electron', platform: 'linux', cwd: '/', ...options });
}

describe('app.openLogFolder', () => {
  it('the desktop app opens the log folder in the file manager', async () => {
    const opened: string[] = [];
    const services = servicesWith({
      logFolder: '/logs',
      openFolder: async (folder) => {
        opened.push(folder);
      },
    });
    const reply = await services.server.handle('app.openLogFolder', {}, context);
    expect(reply).toEqual({ ok: true, value: { folder: '/logs', opened: true } });
    expect(opened).toEqual(['/logs']);
    services.dispose();
  });

  it('the browser shell opens nothing on the server: it answers the path', async () => {
    const services = servicesWith({ logFolder: '/var/log/flasher' });
    const reply = await services.server.handle('app.openLogFolder', {}, context);
    expect(reply).toEqual({ ok: true, value: { folder: '/var/log/flasher', opened: false } });
    services.dispose();
  });

  it('says why when the file manager refuses (shell.openPath’s error text), as LOG_FOLDER_NOT_OPENED', async () => {
    const services = servicesWith({
      logFolder: '/logs',
      openFolder: () => Promise.reject(new Error('Failed to open path')),
    });
    const reply = await services.server.handle('app.openLogFolder', {}, context);
    expect(reply.ok).toBe(false);
    expect(!reply.ok && reply.error.code).toBe('LOG_FOLDER_NOT_OPENED');
    expect(!reply.ok && reply.error.message).toMatch(/\/logs could not be opened: Failed to open path/);
    services.dispose();
  });
});
