// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../shared/contract';
import { FakeBridge } from '../../test-support/fake-bridge';
import { dk1Report } from '../../test-support/fixtures';
import { renderWithClient } from '../../test-support/render-with-client';
import { LayoutPanel } from './layout-panel';
import { useLayout } from './use-layout';

afterEach(cleanup);

function Harness() {
  const layout = useLayout();
  const [excluded, setExcluded] = useState<ReadonlySet<number>>(new Set());
  return (
    <LayoutPanel
      layout={layout}
      excludedLines={excluded}
      onToggleLine={(line) => {
        const next = new Set(excluded);
        if (next.has(line)) next.delete(line);
        else next.add(line);
        setExcluded(next);
      }}
    />
  );
}

async function settle(): Promise<void> {
  await act(async () => {
    for (let turn = 0; turn < 20; turn += 1) await Promise.resolve();
  });
}

async function renderLayout(bridge = new FakeBridge()) {
  bridge.handle('layout.current', () => ({ report: dk1Report() }));
  bridge.handle('layout.open', (request) =>
    dk1Report({ layout: { ...dk1Report().layout, baseDir: request.binariesDir ?? '/work/layouts' } }),
  );
  renderWithClient(bridge, <Harness />);
  await settle();
  return bridge;
}

describe('LayoutPanel', () => {
  it('lets a memory line be left out, and then says plainly that this is a partial update', async () => {
    await renderLayout();
    // Lines loaded by the host (IP none) are always sent: they have no checkbox.
    expect(screen.queryByRole('checkbox', { name: 'Write fsbl1-boot' })).toBeNull();
    expect(screen.queryByRole('note')).toBeNull();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Write rootfs' }));
    const note = screen.getByRole('note');
    expect(note.textContent).toContain('Partial update of mmc0');
    expect(note.textContent).toContain("the board must already have this layout's partition table");
    fireEvent.click(screen.getByRole('checkbox', { name: 'Write rootfs' }));
    expect(screen.queryByRole('note')).toBeNull();
  });

  it('shows the base folder and opens the layout again with another one', async () => {
    const bridge = await renderLayout();
    expect(screen.getByText('/work/layouts')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Change folder…' }));
    fireEvent.change(screen.getByLabelText('Images from'), { target: { value: '/srv/images' } });
    fireEvent.click(screen.getByRole('button', { name: 'Use this folder' }));
    await settle();
    expect(bridge.requestsNamed('layout.open')).toEqual([
      { path: '/work/layouts/FlashLayout_sdcard_stm32mp157a-dk1.tsv', binariesDir: '/srv/images' },
    ]);
    expect(screen.getByText('/srv/images')).toBeTruthy();
  });

  it('opens a recent layout in one click', async () => {
    const bridge = new FakeBridge().handle('settings.get', () => ({
      settings: { ...defaultSettings, recentLayouts: ['/old/one.tsv'] },
      notice: null,
      reconnectTimeoutOverrideMs: null,
    }));
    await renderLayout(bridge);
    fireEvent.click(screen.getByRole('button', { name: '/old/one.tsv' }));
    await settle();
    expect(bridge.requestsNamed('layout.open')).toEqual([{ path: '/old/one.tsv' }]);
  });
});

describe('the path field', () => {
  it('offers the main side’s completions of what is typed, and the recent layouts', async () => {
    const bridge = new FakeBridge()
      .handle('layout.complete', ({ prefix }) => ({
        entries: [{ path: `${prefix}ayout_sdcard.tsv`, kind: 'layout' }],
      }))
      .handle('settings.get', () => ({
        settings: { ...defaultSettings, recentLayouts: ['/old/one.tsv'] },
        notice: null,
        reconnectTimeoutOverrideMs: null,
      }));
    await renderLayout(bridge);
    fireEvent.change(screen.getByLabelText('Layout file'), { target: { value: '/srv/FlashL' } });
    await settle();
    expect(bridge.requestsNamed('layout.complete')).toEqual([{ prefix: '/srv/FlashL' }]);
    const options = [...document.querySelectorAll('#recent-layout-paths option')].map((option) =>
      option.getAttribute('value'),
    );
    expect(options).toEqual(['/srv/FlashLayout_sdcard.tsv', '/old/one.tsv']);
  });
});
