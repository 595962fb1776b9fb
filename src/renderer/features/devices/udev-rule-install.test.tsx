// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { UdevInstallResult } from '../../../shared/contract';
import { udevInstallCommandLine, udevRulesText } from '../../../shared/udev-rule';
import { FakeBridge, FakeFailure } from '../../test-support/fake-bridge';
import { board } from '../../test-support/fixtures';
import { renderWithClient } from '../../test-support/render-with-client';
import { BoardAccessNote } from './board-access-note';

afterEach(cleanup);

async function settle(): Promise<void> {
  await act(async () => {
    for (let turn = 0; turn < 20; turn += 1) await Promise.resolve();
  });
}

const refused = board({ access: 'refused', accessProblem: 'LIBUSB_ERROR_ACCESS', virtual: false });

function renderNote(platform: string, answer?: () => UdevInstallResult) {
  const bridge = new FakeBridge();
  if (answer !== undefined) bridge.handle('access.installUdevRule', answer);
  renderWithClient(bridge, <BoardAccessNote board={refused} platform={platform} />);
  return bridge;
}

const command = udevInstallCommandLine('pkexec');
const result = (outcome: UdevInstallResult['outcome'], output = ''): UdevInstallResult => ({
  outcome,
  command,
  output,
});

describe('the access note of a board Linux refuses', () => {
  it('shows the rule file and the exact command before anything runs', () => {
    const bridge = renderNote('linux', () => result('installed'));
    const note = screen.getByRole('note');
    expect(within(note).getByLabelText('udev rule file').textContent).toBe(udevRulesText);
    expect(within(note).getByLabelText('install command').textContent).toBe(command);
    expect(within(note).getByRole('button', { name: 'Install rule' })).toBeTruthy();
    expect(bridge.requestsNamed('access.installUdevRule')).toEqual([]);
  });

  it('installs on the click and says so', async () => {
    const bridge = renderNote('linux', () => result('installed'));
    fireEvent.click(screen.getByRole('button', { name: 'Install rule' }));
    await settle();
    expect(bridge.requestsNamed('access.installUdevRule')).toEqual([{}]);
    expect(screen.getByRole('status').textContent).toMatch(/Rule installed and udev reloaded/);
  });

  it('says nothing changed when the person closed the password dialog', async () => {
    renderNote('linux', () => result('cancelled'));
    fireEvent.click(screen.getByRole('button', { name: 'Install rule' }));
    await settle();
    expect(screen.getByRole('status').textContent).toMatch(/Cancelled: .*nothing was changed/);
  });

  it('shows what pkexec said when it failed', async () => {
    renderNote('linux', () => result('failed', 'Error executing command as another user: Not authorized'));
    fireEvent.click(screen.getByRole('button', { name: 'Install rule' }));
    await settle();
    expect(screen.getByRole('status').textContent).toContain('Not authorized');
  });

  it('shows the error and its hint when the app refuses', async () => {
    renderNote('linux', () => {
      throw new FakeFailure(
        'UDEV_RULE_LINUX_ONLY',
        'A udev rule is for Linux: this computer runs another system.',
      );
    });
    fireEvent.click(screen.getByRole('button', { name: 'Install rule' }));
    await settle();
    expect(screen.getByRole('alert').textContent).toMatch(/udev rule is for Linux/);
  });

  it.each(['win32', 'darwin'])('offers no rule on %s', (platform) => {
    renderNote(platform);
    expect(screen.queryByRole('button', { name: 'Install rule' })).toBeNull();
    expect(screen.getByRole('note').textContent).not.toContain('udev');
  });
});

describe('the access note of a board Windows has no driver for', () => {
  it('names the missing driver and gives the Zadig steps and address, with no button that elevates', () => {
    const bridge = new FakeBridge();
    renderWithClient(
      bridge,
      <BoardAccessNote board={board({ access: 'no-driver', virtual: false })} platform="win32" />,
    );
    const note = screen.getByRole('note');
    expect(note.textContent).toMatch(/^no driver/);
    expect(note.textContent).toMatch(/needs WinUSB/);
    expect(within(note).getByText('https://zadig.akeo.ie/')).toBeTruthy();
    expect(
      within(note)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/Options → List All Devices/),
        expect.stringMatching(/Install Driver/),
      ]),
    );
    expect(within(note).queryByRole('button')).toBeNull();
  });
});
