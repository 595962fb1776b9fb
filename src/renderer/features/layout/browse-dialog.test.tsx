// @vitest-environment jsdom
import { act, cleanup, createEvent, fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSettings, type FolderListing, type RequestOf } from '../../../shared/contract';
import { FakeBridge, FakeFailure } from '../../test-support/fake-bridge';
import { dk1Report } from '../../test-support/fixtures';
import { renderWithClient } from '../../test-support/render-with-client';
import { LayoutPanel } from './layout-panel';
import { useLayout } from './use-layout';

afterEach(cleanup);

function Harness() {
  return <LayoutPanel layout={useLayout()} excludedLines={new Set()} onToggleLine={() => undefined} />;
}

async function settle(): Promise<void> {
  await act(async () => {
    for (let turn = 0; turn < 20; turn += 1) await Promise.resolve();
  });
}

const root = '/srv/layouts';
const folders: Record<string, FolderListing> = {
  [root]: {
    folder: root,
    parent: null,
    entries: [
      { name: 'dk1', path: `${root}/dk1`, kind: 'folder' },
      { name: 'dk2', path: `${root}/dk2`, kind: 'folder' },
      { name: 'top.tsv', path: `${root}/top.tsv`, kind: 'layout' },
    ],
    more: 0,
    roots: [root],
  },
  [`${root}/dk2`]: {
    folder: `${root}/dk2`,
    parent: root,
    entries: [
      { name: 'images', path: `${root}/dk2/images`, kind: 'folder' },
      { name: 'FlashLayout.tsv', path: `${root}/dk2/FlashLayout.tsv`, kind: 'layout' },
    ],
    more: 7,
    roots: [root],
  },
};

function browsingBridge(recentLayouts: string[] = []): FakeBridge {
  return new FakeBridge()
    .handle('settings.get', () => ({
      settings: { ...defaultSettings, recentLayouts },
      notice: null,
      reconnectTimeoutOverrideMs: null,
    }))
    .handle('files.browse', ({ folder }: RequestOf<'files.browse'>) => {
      const listing = folders[folder ?? root];
      if (listing === undefined) throw new FakeFailure('PATH_NOT_ALLOWED', `${folder} is not listed.`);
      return listing;
    })
    .handle('layout.open', ({ path }) => dk1Report({ layout: { ...dk1Report().layout, path } }));
}

async function openBrowse(bridge: FakeBridge) {
  const user = userEvent.setup();
  renderWithClient(bridge, <Harness />);
  await settle();
  const button = screen.getByRole('button', { name: 'Browse…' });
  button.focus();
  await user.keyboard('{Enter}');
  await settle();
  return { user, button };
}

const focusedName = () => document.activeElement?.textContent;

describe('Browse… in the browser shell', () => {
  it('opens a modal listing with the focus on its first entry; arrows move, Enter goes into a folder', async () => {
    const bridge = browsingBridge();
    const { user } = await openBrowse(bridge);
    const dialog = screen.getByRole('dialog', { name: 'Choose a layout' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(focusedName()).toBe('dk1/');
    await user.keyboard('{ArrowDown}');
    expect(focusedName()).toBe('dk2/');
    await user.keyboard('{End}');
    expect(focusedName()).toBe('top.tsv');
    await user.keyboard('{ArrowUp}{Enter}');
    await settle();
    expect(bridge.requestsNamed('files.browse')).toEqual([{}, { folder: `${root}/dk2` }]);
    expect(focusedName()).toBe('images/');
    expect(dialog.textContent).toContain('7 more not shown');
  });

  it('goes up with Backspace or "Parent folder", back onto the folder it came from', async () => {
    const { user } = await openBrowse(browsingBridge());
    await user.keyboard('{ArrowDown}{Enter}');
    await settle();
    await user.keyboard('{Backspace}');
    await settle();
    expect(focusedName()).toBe('dk2/');
    await user.keyboard('{Enter}');
    await settle();
    await user.keyboard('{Home}');
    expect(focusedName()).toBe('Parent folder');
    await user.keyboard('{Enter}');
    await settle();
    expect(focusedName()).toBe('dk2/');
  });

  it('Enter on a layout opens it as typing its path does, closes, and gives the focus back to Browse…', async () => {
    const bridge = browsingBridge();
    const { user, button } = await openBrowse(bridge);
    await user.keyboard('{ArrowDown}{Enter}');
    await settle();
    await user.keyboard('{ArrowDown}{Enter}');
    await settle();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(bridge.requestsNamed('layout.open')).toEqual([{ path: `${root}/dk2/FlashLayout.tsv` }]);
    expect((screen.getByLabelText('Layout file') as HTMLInputElement).value).toBe(
      `${root}/dk2/FlashLayout.tsv`,
    );
    expect(document.activeElement).toBe(button);
  });

  it('keeps Tab inside the dialog, and Escape closes it onto Browse…', async () => {
    const { user, button } = await openBrowse(browsingBridge());
    await user.keyboard('{End}');
    await user.tab();
    expect(focusedName()).toBe('Cancel');
    await user.tab();
    expect(focusedName()).toBe('dk1/');
    await user.tab({ shift: true });
    expect(focusedName()).toBe('Cancel');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it('starts in the folder of the last layout, on it; else where the main side starts', async () => {
    const bridge = browsingBridge([`${root}/dk2/FlashLayout.tsv`]);
    await openBrowse(bridge);
    expect(bridge.requestsNamed('files.browse')).toEqual([{ folder: `${root}/dk2` }]);
    expect(focusedName()).toBe('FlashLayout.tsv');
    cleanup();
    const moved = browsingBridge(['/gone/FlashLayout.tsv']);
    await openBrowse(moved);
    expect(moved.requestsNamed('files.browse')).toEqual([{ folder: '/gone' }, {}]);
    expect(focusedName()).toBe('dk1/');
  });

  it('a file dropped on the page opens Browse… and says why: a browser gives no path', async () => {
    const bridge = browsingBridge();
    renderWithClient(bridge, <Harness />);
    await settle();
    const file = new File(['x'], 'FlashLayout_sdcard.tsv');
    // Taken anywhere on the page: without it the browser would open the file in place of the app.
    const over = createEvent.dragOver(document.body, { dataTransfer: { files: [file], types: ['Files'] } });
    fireEvent(document.body, over);
    expect(over.defaultPrevented).toBe(true);
    const drop = createEvent.drop(document.body, { dataTransfer: { files: [file], types: ['Files'] } });
    fireEvent(document.body, drop);
    await settle();
    expect(drop.defaultPrevented).toBe(true);
    const dialog = screen.getByRole('dialog', { name: 'Choose a layout' });
    expect(dialog.textContent).toContain(
      'A browser does not give the path of a dropped file (FlashLayout_sdcard.tsv): choose it here.',
    );
    expect(bridge.requestsNamed('layout.open')).toEqual([]);
  });
});

describe('Browse… in the desktop app', () => {
  class DesktopBridge extends FakeBridge {
    override pathForFile(): string | null {
      return '/home/me/dropped.tsv';
    }
  }
  const desktop = () =>
    new DesktopBridge()
      .handle('app.info', () => ({
        name: 'x',
        version: '1',
        platform: 'linux',
        transport: 'electron',
        virtualMachine: 'none',
      }))
      .handle('layout.choose', () => ({ path: null }));

  it('asks for the desktop’s own dialog, not the folder listing', async () => {
    const bridge = desktop();
    await openBrowse(bridge);
    expect(bridge.requestsNamed('layout.choose')).toEqual([{}]);
    expect(bridge.requestsNamed('files.browse')).toEqual([]);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('opens a dropped file by its path', async () => {
    const bridge = desktop().handle('layout.open', () => dk1Report());
    renderWithClient(bridge, <Harness />);
    await settle();
    const file = new File(['x'], 'dropped.tsv');
    fireEvent.drop(document.body, { dataTransfer: { files: [file], types: ['Files'] } });
    await settle();
    expect(bridge.requestsNamed('layout.open')).toEqual([{ path: '/home/me/dropped.tsv' }]);
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
