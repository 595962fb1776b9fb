import { describe, expect, it } from 'vitest';
import { parseFlashLayout } from './parse-flash-layout';
import { maxLayoutLines } from './read-layout-text';
import { validateFlashLayout } from './validate-flash-layout';

// Issue 20 item 4: what a layout of at most maxLayoutLines lines and 1 MiB can cost on the event loop. Each of
// these took 0.3 to 12 s before (csv-parse, and rules comparing every line with every earlier one); now 0.1 to
// 1 s under vitest. The bound is generous for a loaded machine: it catches quadratic time, not a slow run.
const mib = 1 << 20;
// Larger than a file may be (maxLayoutBytes): parseFlashLayout itself must stay linear.
const dataLine = 'P\t0x04\tfsbl1\tBinary\tmmc0\t0x00004400\ttf-a.stm32';
const inputs: Record<string, string> = {
  'one line of TABs': '\t'.repeat(mib),
  'one line of columns': 'a\t'.repeat(mib / 2),
  'one long value': 'P'.repeat(mib),
  'the most lines, each 2 KiB and ending with a TAB': `${dataLine}\t${'x\t'.repeat(1000)}\t\n`.repeat(
    maxLayoutLines,
  ),
  'twenty thousand identical lines (not reachable from a file)': `${dataLine}\n`.repeat(20_000),
};

describe('parsing and checking a layout take linear time', () => {
  it.each(Object.entries(inputs))('%s', (_title, text) => {
    const started = performance.now();
    validateFlashLayout(parseFlashLayout(text).layout);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
