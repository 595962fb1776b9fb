import { copyFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layoutCheckReportSchema } from '../../../shared/layout';
import { stm32HeaderField } from '../../protocol/stm32-header';
import { checkFlashLayout } from './check-flash-layout';
import type { FlashLayout } from './flash-layout';
import { parseFlashLayout } from './parse-flash-layout';
import { boardLayoutText, serializeBoardLayout } from './serialize-board-layout';
import { serializeFlashLayout } from './serialize-flash-layout';
import {
  fixturesDir,
  listFixtures,
  makeTempDir,
  removeTempDir,
  socOfFixture,
  writeLayoutImages,
} from './test-support/layout-images';

// Fails (rather than passing vacuously) when ../shared/fixtures/flashlayouts is missing or empty.
const fixtures = await listFixtures();

/** Non-comment, non-empty lines, counted without the parser. */
function countDataLines(text: string): number {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.filter((raw) => {
    const line = raw.replace(/\r/g, '');
    return line.replace(/\t/g, '') !== '' && !line.replace(/^\t+/, '').startsWith('#');
  }).length;
}

/** The layout without column positions, which a rewrite changes when the file had runs of TABs. */
function withoutPositions(layout: FlashLayout): unknown {
  return {
    ...layout,
    partitions: layout.partitions.map((p) => ({ ...p, fields: p.fields.map((f) => f.text) })),
  };
}

describe('the real layouts of ../shared/fixtures/flashlayouts', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await makeTempDir();
  });
  afterAll(async () => {
    await removeTempDir(dir);
  });

  it('are there', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(20);
  });

  it.each(fixtures)('%s passes --layout-only with one partition per data line', async (name) => {
    const file = path.join(fixturesDir, name);
    const report = await checkFlashLayout(file, { layoutOnly: true });
    expect(report.issues.filter((issue) => issue.severity === 'error')).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.layout.partitions).toHaveLength(countDataLines(await readFile(file, 'utf8')));
    expect(layoutCheckReportSchema.parse(report)).toEqual(report);
  });

  it.each(fixtures)('%s passes the full check with its images generated', async (name) => {
    const folder = path.join(dir, name.replace(/\.tsv$/, ''));
    const { layout } = parseFlashLayout(await readFile(path.join(fixturesDir, name)));
    await writeLayoutImages(layout, folder, { soc: socOfFixture(name) });
    await copyFile(path.join(fixturesDir, name), path.join(folder, name));
    const report = await checkFlashLayout(path.join(folder, name), { soc: socOfFixture(name) });
    expect(report.issues.filter((issue) => issue.severity === 'error')).toEqual([]);
    expect(report.layout.baseDir).toBe(folder);
    for (const partition of report.layout.partitions) {
      const expected = partition.binary.endsWith('.stm32') ? /^\d+$/ : /^1024$/;
      if (partition.binary === 'none') expect(partition.size).toBeNull();
      else expect(partition.size).toMatch(expected);
    }
  });

  it.each(fixtures)('%s is written back to TSV and read again the same', async (name) => {
    const first = parseFlashLayout(await readFile(path.join(fixturesDir, name))).layout;
    const again = parseFlashLayout(serializeFlashLayout(first)).layout;
    expect(withoutPositions(again)).toEqual(withoutPositions(first));
  });

  it.each(fixtures)('%s in its board form: STM32 v1 header, 6 columns', async (name) => {
    const { layout } = parseFlashLayout(await readFile(path.join(fixturesDir, name)));
    const bytes = serializeBoardLayout(layout);
    const view = new DataView(bytes.buffer);
    const payload = bytes.subarray(256);
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('STM2');
    expect(view.getUint32(stm32HeaderField.headerVersion, true)).toBe(0x00010000);
    expect(view.getUint32(stm32HeaderField.imageLength, true)).toBe(payload.length);
    expect(view.getUint32(stm32HeaderField.imageChecksum, true)).toBe(
      payload.reduce((sum, b) => (sum + b) >>> 0, 0),
    );
    const lines = new TextDecoder().decode(payload).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(layout.partitions.length);
    for (const line of lines) expect(line).toMatch(/^[-PED]+\t0x[0-9A-F]{2}(\t[^\t]+){4}$/);
    // Read back, the board form is the same layout without the Binary column.
    const back = parseFlashLayout(payload).layout;
    expect(back.partitions.map((p) => [p.opt, p.id, p.name, p.type, p.ip, p.offset])).toEqual(
      layout.partitions.map((p) => [p.opt, p.id, p.name, p.type, p.ip, p.offset]),
    );
    expect(boardLayoutText(layout)).toBe(new TextDecoder().decode(payload));
  });
});
