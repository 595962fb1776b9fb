import { describe, expect, it } from 'vitest';
import { hostTimePerBlock, parseControlTrace, quantile } from './control-trace';

describe('hostTimePerBlock', () => {
  it('measures from the GETSTATUS answer to the next data block, skipping blocks after other requests', () => {
    const trace = parseControlTrace(
      [
        '10.000 request 0x21 1 0 4096',
        '10.500 reply 0x21 1 0 4096 0',
        '11.000 request 0xa1 3 0 6',
        '11.250 reply 0xa1 3 0 6 0',
        '13.250 request 0x21 1 1 4096', // 2 ms after the status answer
        '13.500 reply 0x21 1 1 4096 0',
        '14.000 request 0xa1 3 0 6',
        '14.100 reply 0xa1 3 0 6 0',
        '14.200 request 0xa1 5 0 1', // GETSTATE between: not a block turnaround
        '14.300 reply 0xa1 5 0 1 0',
        '15.000 request 0x21 1 2 4096',
        '16.000 request 0xa1 3 0 6',
        '16.100 reply 0xa1 3 0 6 0',
        '16.600 request 0x21 1 3 0', // the zero-length DNLOAD ends the image: not a block
        'garbage',
      ].join('\n'),
    );
    expect(trace).toHaveLength(14);
    expect(hostTimePerBlock(trace)).toEqual([2]);
  });

  it('quantile picks from sorted figures', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4], 0.9)).toBe(4);
    expect(quantile([], 0.5)).toBeNaN();
  });
});
