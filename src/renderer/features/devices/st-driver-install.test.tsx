// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { WindowsDriverInstallResult } from '../../../shared/contract';
import { stDriverInstallCommandLine, stDriverInstallerDefaultPath } from '../../../shared/st-dfu-driver';
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

const installer = stDriverInstallerDefaultPath;
const command = stDriverInstallCommandLine(installer);
const button = { name: 'Install ST’s DFU driver (administrator)' };
const noDriver = board({ access: 'no-driver', virtual: false });

/** A board Windows has no driver for, on a computer where the installer is `found` (or not). */
async function renderNote(found: boolean, answer?: () => WindowsDriverInstallResult, platform = 'win32') {
  const bridge = new FakeBridge().handle('access.windowsDriverInstaller', () =>
    found ? { installer, command } : { installer: null, command: null },
  );
  if (answer !== undefined) bridge.handle('access.installWindowsDriver', answer);
  renderWithClient(bridge, <BoardAccessNote board={noDriver} platform={platform} />);
  await settle();
  return bridge;
}

const result = (outcome: WindowsDriverInstallResult['outcome'], output = ''): WindowsDriverInstallResult => ({
  outcome,
  command,
  exitCode: outcome === 'done' ? 0 : null,
  output,
});

async function click(): Promise<void> {
  fireEvent.click(screen.getByRole('button', button));
  await settle();
}

describe('ST’s DFU driver installer on the note of a board Windows has no driver for', () => {
  it('is offered when STM32CubeProgrammer’s installer was found: what it does and the exact command, before anything runs', async () => {
    const bridge = await renderNote(true, () => result('done'));
    const note = screen.getByRole('note');
    expect(within(note).getByLabelText('driver install command').textContent).toBe(command);
    expect(note.textContent).toContain(installer);
    expect(note.textContent).toMatch(/Windows asks for administrator rights/);
    expect(note.textContent).toMatch(/unplug and replug/);
    // The Device Manager and Zadig steps stay beside it.
    expect(note.textContent).toMatch(/WinUsb Device/);
    expect(note.textContent).toMatch(/Zadig/);
    expect(within(note).getByRole('button', button)).toBeTruthy();
    expect(bridge.requestsNamed('access.installWindowsDriver')).toEqual([]);
  });

  it('is not offered when the installer is not there: the steps alone', async () => {
    const bridge = await renderNote(false);
    expect(bridge.requestsNamed('access.windowsDriverInstaller')).toEqual([{}]);
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.queryByLabelText('driver install command')).toBeNull();
    expect(screen.getByRole('note').textContent).toMatch(/Zadig/);
  });

  it.each(['linux', 'darwin'])('is not asked about on %s', async (platform) => {
    const bridge = await renderNote(true, undefined, platform);
    expect(bridge.requestsNamed('access.windowsDriverInstaller')).toEqual([]);
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('runs on the click and says to replug', async () => {
    const bridge = await renderNote(true, () => result('done'));
    await click();
    expect(bridge.requestsNamed('access.installWindowsDriver')).toEqual([{}]);
    expect(screen.getByRole('status').textContent).toMatch(
      /ended without an error\. Unplug and replug the board/,
    );
  });

  it('says nothing was installed when the person declined at the UAC prompt', async () => {
    await renderNote(true, () => result('declined'));
    await click();
    expect(screen.getByRole('status').textContent).toMatch(
      /Declined at Windows’ administrator prompt: nothing was installed/,
    );
  });

  it('shows what came back when it failed', async () => {
    await renderNote(true, () => result('failed', 'The installer ended with exit code 5.'));
    await click();
    expect(screen.getByRole('status').textContent).toContain('The installer ended with exit code 5.');
  });

  it('shows the error and its hint when the app refuses', async () => {
    await renderNote(true, () => {
      throw new FakeFailure('ST_DRIVER_INSTALLER_NOT_FOUND');
    });
    await click();
    expect(screen.getByRole('alert').textContent).toMatch(
      /Bind WinUSB to the board in Device Manager or with Zadig/,
    );
  });
});
