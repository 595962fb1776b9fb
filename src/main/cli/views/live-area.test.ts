import { describe, expect, it } from 'vitest';
import { LiveArea } from './live-area';
import { FakeTerminal } from './test-support/fake-terminal';

/** A live area over a fake terminal, with what was written since the last `written()` call. */
function setup(width: number): { terminal: FakeTerminal; area: LiveArea; written: () => string } {
  const terminal = new FakeTerminal(width);
  let chunks = '';
  const area = new LiveArea(
    (text) => {
      chunks += text;
      terminal.write(text);
    },
    () => terminal.columns,
  );
  return {
    terminal,
    area,
    written: () => {
      const out = chunks;
      chunks = '';
      return out;
    },
  };
}

const permanent = (terminal: FakeTerminal, lines: string[]) => () => {
  for (const line of lines) terminal.write(`${line}\n`);
};

describe('the live area', () => {
  it('ends with exactly the permanent lines and the last live lines: nothing stale, no fragment', () => {
    const { terminal, area } = setup(40);
    area.render(['[#.........] 0x21 boot 1.00 MiB/8.00 MiB', 'Overall 1.00 MiB/20.00 MiB 5% ETA —']);
    area.render(['[###.......] 0x21 boot 3.00 MiB/8.00 MiB', 'Overall 3.00 MiB/20.00 MiB 15% ETA 9 s']);
    area.above(permanent(terminal, ['0x21 boot  8.00 MiB  1.2 s OK']), [
      'Overall 8.00 MiB/20.00 MiB 40% ETA 6 s',
    ]);
    area.render(['Waiting for the board to come back as uboot: 27 s left of 30 s', 'Overall 40%']);
    area.render(['[#.........] 0x22 rootfs', 'x', 'Overall 45%']);
    area.render(['Overall 100%']);
    expect(terminal.screen()).toEqual(['0x21 boot  8.00 MiB  1.2 s OK', 'Overall 100%']);
  });

  it('cuts every line to the width less one column, so none wraps', () => {
    const { terminal, area } = setup(30);
    area.render(['x'.repeat(100), `${'y'.repeat(29)}z`]);
    area.render(['a'.repeat(100)]);
    expect(terminal.screen()).toEqual([`${'a'.repeat(28)}…`]);
    area.render([`${'b'.repeat(28)}`, 'c'.repeat(60)]);
    for (const row of terminal.screen()) expect([...row].length).toBeLessThan(30);
    expect(terminal.screen()).toEqual(['b'.repeat(28), `${'c'.repeat(28)}…`]);
  });

  it('rewrites only the lines that changed, and nothing when none did', () => {
    const { area, written } = setup(80);
    area.render(['0x21 boot 10%', '0x22 rootfs 0%', 'Overall 5%']);
    written();
    area.render(['0x21 boot 10%', '0x22 rootfs 0%', 'Overall 6%']);
    const out = written();
    expect(out).toContain('Overall 6%');
    expect(out).not.toContain('boot');
    expect(out).not.toContain('rootfs');
    area.render(['0x21 boot 10%', '0x22 rootfs 0%', 'Overall 6%']);
    expect(written()).toBe('');
  });

  it('finds its lines again after the terminal was resized (and re-wrapped them) between two draws', () => {
    const { terminal, area } = setup(80);
    terminal.write('Stage uboot-partitions\n');
    area.render([`[${'#'.repeat(24)}] 0x21 boot ${'x'.repeat(40)}`, `Overall ${'y'.repeat(70)}`]);
    terminal.resize(30);
    area.render(['0x21 boot 50%', 'Overall 60%']);
    expect(terminal.screen()).toEqual(['Stage uboot-partitions', '0x21 boot 50%', 'Overall 60%']);
    terminal.resize(100);
    area.above(permanent(terminal, ['0x21 boot OK']), ['Overall 70%']);
    expect(terminal.screen()).toEqual(['Stage uboot-partitions', '0x21 boot OK', 'Overall 70%']);
  });

  it('commit leaves the lines on screen and starts a new area below; clear erases them', () => {
    const { terminal, area } = setup(40);
    area.render(['Overall 100%']);
    area.commit();
    area.render(['next']);
    area.clear();
    terminal.write('Programmed.\n');
    expect(terminal.screen()).toEqual(['Overall 100%', 'Programmed.']);
  });
});
