// @vitest-environment jsdom
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { VirtualMachine } from '../../../shared/virtual-machine';
import { FakeBridge } from '../../test-support/fake-bridge';
import { renderWithClient } from '../../test-support/render-with-client';
import { BoardsPanel } from './boards-panel';

afterEach(cleanup);

async function renderIn(virtualMachine: VirtualMachine): Promise<void> {
  const bridge = new FakeBridge().handle('app.info', () => ({
    name: 'STM32MP Flasher',
    version: '9.9.9',
    platform: 'linux',
    transport: 'browser-shell',
    virtualMachine,
  }));
  renderWithClient(
    bridge,
    <BoardsPanel
      state={{ boards: [], loaded: true, error: null }}
      selected={null}
      onSelect={() => undefined}
    />,
  );
  await act(async () => {
    for (let turn = 0; turn < 20; turn += 1) await Promise.resolve();
  });
}

describe('the Boards panel in a virtual machine, before any run', () => {
  it('VirtualBox: names it and gives the USB filter with an empty product field', async () => {
    await renderIn('virtualbox');
    const note = screen.getByRole('note', { name: 'Running in VirtualBox' });
    expect(note.textContent).toMatch(/Vendor ID 0483 and Product ID df11 and leave Product .* empty/);
  });

  it('WSL 2: usbipd with --auto-attach; Hyper-V: program from the host', async () => {
    await renderIn('wsl2');
    expect(screen.getByRole('note', { name: 'Running in WSL 2' }).textContent).toMatch(/--auto-attach/);
    cleanup();
    await renderIn('hyperv');
    expect(screen.getByRole('note', { name: 'Running in Hyper-V' }).textContent).toMatch(/from the host/);
  });

  it('on bare metal, or under a hypervisor it cannot name, says nothing', async () => {
    await renderIn('none');
    expect(screen.queryByRole('note', { name: /^Running in/ })).toBeNull();
    cleanup();
    await renderIn('unknown');
    expect(screen.queryByRole('note', { name: /^Running in/ })).toBeNull();
  });
});
