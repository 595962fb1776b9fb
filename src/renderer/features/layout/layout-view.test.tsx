// @vitest-environment jsdom
import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { LayoutCheckReport, LayoutPartitionReport } from '../../../shared/layout';
import { FakeBridge } from '../../test-support/fake-bridge';
import { renderWithClient } from '../../test-support/render-with-client';
import { LayoutPanel } from './layout-panel';
import { useLayout } from './use-layout';

afterEach(cleanup);

const sha256 = '426e896f2495d094c2c54179de22453cfac6d8ced00a0d43b66fb6d16b056fc8';

function line(
  lineNo: number,
  name: string,
  ip: string,
  offset: string,
  binary: string,
  size: number,
  room: number | null,
): LayoutPartitionReport {
  const id = lineNo;
  return {
    line: lineNo,
    opt: 'P',
    id,
    name,
    type: 'Binary',
    ip,
    offset,
    binary,
    size: String(size),
    room: room === null ? null : String(room),
  };
}

/** A DK2 SD card, its images in sub-folders; teeh's image is one byte too large for its partition. */
const dk2: LayoutCheckReport = {
  ok: false,
  layout: {
    path: '/srv/images/FlashLayout_sdcard_stm32mp157c-dk2-optee.tsv',
    baseDir: '/srv/images',
    partitions: [
      line(
        2,
        'fsbl1-boot',
        'none',
        '0x0',
        'arm-trusted-firmware/tf-a-stm32mp157c-dk2-usb.stm32',
        262_144,
        null,
      ),
      line(
        4,
        'fsbl1',
        'mmc0',
        '0x00004400',
        'arm-trusted-firmware/tf-a-stm32mp157c-dk2-optee-programmer.stm32',
        4400,
        0x40000,
      ),
      line(
        5,
        'teeh',
        'mmc0',
        '0x00044400',
        'optee/tee-header_v2-stm32mp157c-dk2-optee.stm32',
        0x40001,
        0x40000,
      ),
      line(
        6,
        'rootfs',
        'mmc0',
        '0x00084400',
        'st-image-weston-openstlinux-weston-stm32mp157c-dk2-optee-with-a-very-long-name.ext4',
        3 << 20,
        null,
      ),
    ],
  },
  issues: [],
};

function Harness() {
  return <LayoutPanel layout={useLayout()} excludedLines={new Set()} onToggleLine={() => undefined} />;
}

async function renderDk2() {
  const bridge = new FakeBridge()
    .handle('layout.current', () => ({ report: dk2 }))
    .handle('layout.digest', ({ path }) => ({ path, sha256, bytes: 600 }));
  renderWithClient(bridge, <Harness />);
  await act(async () => {
    for (let turn = 0; turn < 20; turn += 1) await Promise.resolve();
  });
}

function rowOf(name: string): HTMLElement {
  const cell = within(screen.getByRole('table', { name: 'Partitions' })).getByRole('cell', {
    name: (accessibleName) => accessibleName === name,
  });
  const row = cell.closest('tr');
  if (row === null) throw new Error(`no row for ${name}`);
  return row;
}

/** A row's cell under a column header, by the header's text. */
function cellOf(name: string, column: string): HTMLElement {
  const headers = within(screen.getByRole('table', { name: 'Partitions' })).getAllByRole('columnheader');
  const index = headers.findIndex((header) => header.textContent === column);
  const cell = rowOf(name).querySelectorAll('td')[index];
  if (cell === undefined) throw new Error(`no ${column} cell for ${name}`);
  return cell;
}

describe('the layout view', () => {
  it('gives each partition its offset, size, image and room left, exact values on hover', async () => {
    await renderDk2();
    expect(cellOf('fsbl1', 'Offset').textContent).toBe('17 KiB');
    expect(cellOf('fsbl1', 'Offset').title).toBe('0x00004400: 17408 bytes (0x4400)');
    expect(cellOf('fsbl1', 'Size').textContent).toBe('256 KiB');
    expect(cellOf('fsbl1', 'Size').title).toBe('262144 bytes (0x40000)');
    expect(cellOf('fsbl1', 'Image').textContent).toBe('4.3 KiB');
    expect(cellOf('fsbl1', 'Free').textContent).toBe('252 KiB');
    expect(cellOf('fsbl1', 'Free').title).toBe('257744 bytes (0x3eed0) free after the image');
  });

  it('says when an image does not fit, and that the last partition runs to the end of its memory', async () => {
    await renderDk2();
    expect(cellOf('teeh', 'Free').textContent).toBe('⚠ −1 B');
    expect(cellOf('teeh', 'Free').title).toBe('Does not fit: 1 bytes (0x1) too large');
    expect(cellOf('rootfs', 'Size').textContent).toBe('to end');
    expect(cellOf('rootfs', 'Free').textContent).toBe('–');
    // A host-loaded line is not on a memory: no offset or size to give.
    expect(cellOf('fsbl1-boot', 'Offset').textContent).toBe('–');
  });

  it('shows file names without their folder, shortened in the middle past the cap, the full path on hover', async () => {
    await renderDk2();
    const binary = cellOf('fsbl1', 'Binary');
    expect(binary.textContent).toBe('tf-a-stm32mp157c-dk2-optee-programmer.stm32');
    expect(binary.title).toBe('/srv/images/arm-trusted-firmware/tf-a-stm32mp157c-dk2-optee-programmer.stm32');
    const rootfs = cellOf('rootfs', 'Binary');
    expect(rootfs.textContent).toBe('st-image-weston-openstlinux-wes…optee-with-a-very-long-name.ext4');
    expect(rootfs.title).toBe(
      '/srv/images/st-image-weston-openstlinux-weston-stm32mp157c-dk2-optee-with-a-very-long-name.ext4',
    );
    // The end a narrow column never cuts (CSS shortens the head with its own ellipsis).
    expect(rootfs.querySelector('.binary-tail')?.textContent).toBe('long-name.ext4');
  });

  it('shows the images folder and the layout SHA-256 once, above the table', async () => {
    await renderDk2();
    expect(screen.getAllByText(sha256)).toHaveLength(1);
    expect(screen.getAllByText('/srv/images')).toHaveLength(1);
    const table = screen.getByRole('table', { name: 'Partitions' });
    expect(within(table).queryByText(/\/srv\/images/)).toBeNull();
  });

  it('draws mmc0 as a bar: the gap before fsbl1, then one segment per partition, the overflow marked', async () => {
    await renderDk2();
    const bar = screen.getByRole('list', { name: 'mmc0, to scale' });
    const segments = within(bar).getAllByRole('listitem');
    expect(segments.map((segment) => segment.querySelector('.segment-name')?.textContent ?? 'gap')).toEqual([
      'gap',
      'fsbl1',
      '⚠ teeh',
      'rootfs',
    ]);
    expect(segments[2]?.title).toContain('does not fit: 1 B too large');
    expect(segments[1]?.title).toContain('fsbl1 at 0x00004400; size 256 KiB');
    expect(screen.getByText(/3 partitions, the last from 529 KiB to the end of the memory/)).toBeTruthy();
  });
});
