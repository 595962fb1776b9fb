import { describe, expect, it } from 'vitest';
import { programFixture } from './test-support/program-fixture';

/** The console's lines from each `── flashing partition … ──` marker up to the next marker. */
function partitionSections(lines: readonly string[]): { marker: string; lines: string[] }[] {
  const sections: { marker: string; lines: string[] }[] = [];
  let current: { marker: string; lines: string[] } | null = null;
  for (const line of lines) {
    if (line.startsWith('── ')) {
      current = line.startsWith('── flashing partition') ? { marker: line, lines: [] } : null;
      if (current !== null) sections.push(current);
    } else current?.lines.push(line);
  }
  return sections;
}

describe('stage markers in a virtual board console paced like a UART', () => {
  it('land after what the board printed before the host moved on: each partition section holds its own DOWNLOAD OK', async () => {
    const run = await programFixture('stm32mp157a-dk1-sdcard-trusted-blog.tsv', 'mp15', {
      kind: 'scaled',
      factor: 50,
    });
    expect(run.result).toMatchObject({ ok: true });
    const lines = run.consoleLines;
    const sections = partitionSections(lines);
    expect(sections).toHaveLength(7);
    for (const section of sections)
      expect(
        section.lines.filter((line) => line === 'DOWNLOAD ... OK'),
        section.marker,
      ).toHaveLength(1);
    // U-Boot announced its alternates before it enumerated: before the host marked the partitions stage.
    const announced = lines.lastIndexOf('DFU alt info setting: done');
    expect(announced).toBeGreaterThan(-1);
    expect(announced).toBeLessThan(lines.indexOf('── stage uboot-partitions ──'));
  });
});
