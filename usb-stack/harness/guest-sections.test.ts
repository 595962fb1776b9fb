import { describe, expect, it } from 'vitest';
import { guestUptimes, parseGuestSections } from './guest-sections';

describe('parseGuestSections', () => {
  it('finds nested sections with their own output and exit status, and ignores an unended one', () => {
    const serial = [
      '[    4.1] kernel noise',
      '@@uptime init 4.01',
      '@@begin run',
      'step 1',
      '@@begin run-stage1-dfu-util-l',
      'Found DFU: ...',
      '@@end run-stage1-dfu-util-l rc=0',
      'step 2',
      '@@end run rc=1',
      '@@begin cut',
      'no end',
    ].join('\n');
    const sections = parseGuestSections(serial);
    expect([...sections.keys()]).toEqual(['run', 'run-stage1-dfu-util-l']);
    expect(sections.get('run')).toEqual({
      output:
        'step 1\n@@begin run-stage1-dfu-util-l\nFound DFU: ...\n@@end run-stage1-dfu-util-l rc=0\nstep 2\n',
      exitCode: 1,
    });
    expect(sections.get('run-stage1-dfu-util-l')).toEqual({ output: 'Found DFU: ...\n', exitCode: 0 });
    expect(guestUptimes(serial)).toEqual({ init: 4.01 });
  });
});
