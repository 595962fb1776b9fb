// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeBridge, FakeFailure } from '../../test-support/fake-bridge';
import { renderWithClient } from '../../test-support/render-with-client';
import { SettingsPanel } from './settings-panel';

afterEach(cleanup);

async function clickOpenLogFolder(bridge: FakeBridge): Promise<void> {
  renderWithClient(bridge, <SettingsPanel boards={[]} />);
  fireEvent.click(screen.getByRole('button', { name: 'Open log folder' }));
  await act(async () => {
    for (let turn = 0; turn < 20; turn += 1) await Promise.resolve();
  });
}

describe('Open log folder, in the settings', () => {
  it('the desktop app opens it: says which folder was opened', async () => {
    const bridge = new FakeBridge().handle('app.openLogFolder', () => ({
      folder: '/home/ada/.config/STM32MP Flasher/logs',
      opened: true,
    }));
    await clickOpenLogFolder(bridge);
    expect(bridge.requests.some((request) => request.name === 'app.openLogFolder')).toBe(true);
    expect(screen.getByRole('status').textContent).toBe('Opened /home/ada/.config/STM32MP Flasher/logs');
  });

  it('the browser shell answers the path on the server, shown to copy', async () => {
    const bridge = new FakeBridge().handle('app.openLogFolder', () => ({
      folder: '/home/ada/.local/state/stm32mp-flasher/logs',
      opened: false,
    }));
    await clickOpenLogFolder(bridge);
    expect(screen.getByRole('status').textContent).toMatch(
      /log file is in \/home\/ada\/\.local\/state\/stm32mp-flasher\/logs on the computer that runs the server/,
    );
  });

  it('a folder that cannot be opened: the catalog’s message and hint', async () => {
    const bridge = new FakeBridge().handle('app.openLogFolder', () => {
      throw new FakeFailure(
        'LOG_FOLDER_NOT_OPENED',
        'The log folder /x could not be opened: no file manager',
      );
    });
    await clickOpenLogFolder(bridge);
    expect(screen.getByRole('status').textContent).toMatch(/no file manager.*stm32mp-flasher\.log/);
  });
});
