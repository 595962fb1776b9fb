// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeBridge, FakeFailure } from '../../test-support/fake-bridge';
import { dk1Report } from '../../test-support/fixtures';
import { renderWithClient } from '../../test-support/render-with-client';
import { ImageExport } from './image-export';

afterEach(cleanup);

async function settle(): Promise<void> {
  await act(async () => {
    for (let turn = 0; turn < 20; turn += 1) await Promise.resolve();
  });
}

const imageButton = () => screen.getByRole('button', { name: 'Make SD-card image…' });

const nor = dk1Report();
const norReport = {
  ...nor,
  layout: {
    ...nor.layout,
    partitions: nor.layout.partitions.map((partition) =>
      partition.ip === 'mmc0' ? { ...partition, ip: 'nor0' } : partition,
    ),
  },
};

describe('Make SD-card image…', () => {
  it('is offered only for a valid layout that writes SD/eMMC', async () => {
    const bridge = new FakeBridge();
    const view = renderWithClient(bridge, <ImageExport report={dk1Report()} />);
    await settle();
    expect((imageButton() as HTMLButtonElement).disabled).toBe(false);
    view.rerender(<ImageExport report={norReport} />);
    expect((imageButton() as HTMLButtonElement).disabled).toBe(true);
    view.rerender(<ImageExport report={dk1Report({ ok: false })} />);
    expect((imageButton() as HTMLButtonElement).disabled).toBe(true);
    view.rerender(<ImageExport report={null} />);
    expect((imageButton() as HTMLButtonElement).disabled).toBe(true);
  });

  it('asks the size, makes the image and shows its paths and how to write it', async () => {
    const bridge = new FakeBridge().handle('image.export', ({ sizeBytes }) => ({
      image: {
        outputPath: '/work/layouts/dk1.img',
        bmapPath: '/work/layouts/dk1.img.bmap',
        bytes: sizeBytes ?? 0,
        mappedBytes: 12 * 2 ** 20,
        device: 'mmc0',
      },
    }));
    renderWithClient(bridge, <ImageExport report={dk1Report()} />);
    await settle();
    fireEvent.click(imageButton());
    const dialog = screen.getByRole('dialog', { name: 'Make an SD-card image' });
    expect(dialog.textContent).toContain('next to the layout');
    fireEvent.change(within(dialog).getByLabelText('Card size (GiB)'), { target: { value: '4' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Make image' }));
    await settle();
    expect(bridge.requestsNamed('image.export')).toEqual([
      { layoutPath: dk1Report().layout.path, sizeBytes: 4 * 2 ** 30, overwrite: false },
    ]);
    const result = screen.getByRole('status');
    expect(result.textContent).toContain('/work/layouts/dk1.img.bmap');
    expect(result.textContent).toContain('4 GiB (12.0 MiB of data)');
    expect(result.textContent).toContain('bmaptool copy /work/layouts/dk1.img /dev/sdX');
    expect(result.textContent).toContain('dd if=/work/layouts/dk1.img of=/dev/sdX');
  });

  it("shows main's progress while it writes, and Cancel stops the export and says the files are gone", async () => {
    let answer: (value: { image: null; cancelled: boolean }) => void = () => undefined;
    const bridge = new FakeBridge()
      .handle('image.export', () => new Promise((resolve) => (answer = resolve)))
      .handle('image.cancel', () => {
        answer({ image: null, cancelled: true });
        return { cancelled: true };
      });
    renderWithClient(bridge, <ImageExport report={dk1Report()} />);
    await settle();
    fireEvent.click(imageButton());
    const dialog = screen.getByRole('dialog', { name: 'Make an SD-card image' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Make image' }));
    await settle();
    const bar = within(dialog).getByRole('progressbar', { name: 'Image written' });
    expect(bar.getAttribute('aria-valuenow')).toBeNull();
    act(() =>
      bridge.emit('image.progress', { outputPath: '/w/dk1.img', done: 3 * 2 ** 20, total: 12 * 2 ** 20 }),
    );
    expect(bar.getAttribute('aria-valuenow')).toBe('25');
    expect(dialog.textContent).toContain('3.0 MiB of 12.0 MiB of images written');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await settle();
    expect(bridge.requestsNamed('image.cancel')).toEqual([{}]);
    expect(within(dialog).getByRole('status').textContent).toBe(
      'Cancelled: the partial image and its .bmap were removed.',
    );
    expect(within(dialog).queryByRole('progressbar')).toBeNull();
  });

  it('replaces an existing image only once the person ticks it', async () => {
    const bridge = new FakeBridge().handle('image.export', ({ overwrite }) => {
      if (overwrite !== true) throw new FakeFailure('IMAGE_OUTPUT_EXISTS', 'dk1.img is already there.');
      return {
        image: {
          outputPath: '/a/dk1.img',
          bmapPath: '/a/dk1.img.bmap',
          bytes: 2 ** 30,
          mappedBytes: 0,
          device: 'mmc0',
        },
      };
    });
    renderWithClient(bridge, <ImageExport report={dk1Report()} />);
    await settle();
    fireEvent.click(imageButton());
    fireEvent.click(screen.getByRole('button', { name: 'Make image' }));
    await settle();
    expect(screen.getByRole('alert').textContent).toContain('dk1.img is already there.');
    fireEvent.click(screen.getByLabelText('Replace the existing image'));
    fireEvent.click(screen.getByRole('button', { name: 'Make image' }));
    await settle();
    expect(screen.getByRole('status').textContent).toContain('/a/dk1.img.bmap');
  });
});
