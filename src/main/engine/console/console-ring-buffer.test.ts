import { describe, expect, it } from 'vitest';
import { ConsoleRingBuffer } from './console-ring-buffer';

describe('ConsoleRingBuffer', () => {
  it('splits chunks into lines on \\n, \\r\\n and a lone \\r, across chunk boundaries', () => {
    const buffer = new ConsoleRingBuffer({ maxBytes: 10_000, maxLines: 100 });
    expect(buffer.append('U-Boot 2023')).toEqual([]);
    expect(buffer.partialLine).toBe('U-Boot 2023');
    expect(buffer.append('.10\r')).toEqual(['U-Boot 2023.10']);
    expect(buffer.append('\nDRAM:  512 MiB\n\nprogress 10%\rprogress 20%\r')).toEqual([
      'DRAM:  512 MiB',
      '',
      'progress 10%',
      'progress 20%',
    ]);
    expect(buffer.lines()).toEqual(['U-Boot 2023.10', 'DRAM:  512 MiB', '', 'progress 10%', 'progress 20%']);
  });

  it('keeps at most maxLines lines, dropping the oldest', () => {
    const buffer = new ConsoleRingBuffer({ maxBytes: 10_000, maxLines: 3 });
    buffer.append('1\n2\n3\n4\n5\n');
    expect(buffer.lines()).toEqual(['3', '4', '5']);
    expect(buffer.lastLines(2)).toEqual(['4', '5']);
    expect(buffer.lineCount).toBe(3);
  });

  it('keeps at most maxBytes bytes (UTF-8, line ends included)', () => {
    const buffer = new ConsoleRingBuffer({ maxBytes: 20, maxLines: 100 });
    buffer.append('aaaa\nbbbb\ncccc\ndddd\n');
    expect(buffer.byteLength).toBe(20);
    buffer.append('──\n');
    expect(buffer.byteLength).toBeLessThanOrEqual(20);
    expect(buffer.lines()).toEqual(['cccc', 'dddd', '──']);
  });

  it('puts a whole line (a marker) where the stream is: an unfinished line ends before it, as the display shows it', () => {
    const buffer = new ConsoleRingBuffer();
    buffer.append('done\nErasing ');
    buffer.appendLine('── marker ──');
    buffer.append('mmc0\n');
    expect(buffer.lines()).toEqual(['done', 'Erasing ', '── marker ──', 'mmc0']);
    buffer.appendLine('── next ──');
    expect(buffer.lines().slice(-2)).toEqual(['mmc0', '── next ──']);
  });
});
