import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layoutCheckReportSchema, layoutIssueSchema, partitionTypeNames } from '../../../shared/layout';
import { orderDevices } from './device-order';
import type { FlashLayout } from './flash-layout';
import { buildLayoutReport } from './layout-report';
import { parseFlashLayout } from './parse-flash-layout';
import { boardLayoutText } from './serialize-board-layout';
import { serializeFlashLayout } from './serialize-flash-layout';
import { fixturesDir, listFixtures } from './test-support/layout-images';
import { validateFlashLayout } from './validate-flash-layout';

const runs = { numRuns: 150 };

/** The layout without column positions (a rewrite changes them where the file had runs of TABs). */
function withoutPositions(layout: FlashLayout): unknown {
  return {
    ...layout,
    partitions: layout.partitions.map((p) => ({ ...p, fields: p.fields.map((f) => f.text) })),
  };
}

// One valid partition line, as columns of text with the values U-Boot reads from them.
const option = fc.constantFrom('-', 'P', 'PE', 'PD', 'PED', 'PDE', 'DP', 'PP');
const id = fc
  .integer({ min: 0, max: 0xf0 })
  .map((value) => ({ text: `0x${value.toString(16).padStart(2, '0')}`, value }));
const name = fc.stringMatching(/^[A-Za-z0-9_.-]{1,16}$/);
const type = fc.oneof(
  fc.constantFrom(...partitionTypeNames).map((text) => ({ text, copies: text === 'Binary' ? 1 : 0 })),
  fc.integer({ min: 0, max: 9 }).map((n) => ({ text: `Binary(${n})`, copies: n })),
);
const ip = fc.oneof(
  fc.constant({ text: 'none', kind: 'none', instance: 0 }),
  fc
    .tuple(fc.constantFrom('mmc', 'nor', 'nand', 'spi-nand'), fc.integer({ min: 0, max: 9 }))
    .map(([kind, instance]) => ({ text: `${kind}${instance}`, kind, instance })),
);
const offset = fc.oneof(
  fc
    .bigInt({ min: 0n, max: (1n << 64n) - 1n })
    .map((value) => ({ text: `0x${value.toString(16)}`, value: value as bigint | string })),
  fc
    .bigInt({ min: 1n, max: 1n << 40n })
    .map((value) => ({ text: value.toString(), value: value as bigint | string })),
  fc.constantFrom('boot1', 'boot2').map((text) => ({ text, value: text as bigint | string })),
);
const binary = fc.oneof(
  fc.constant('none'),
  fc.stringMatching(/^[a-z0-9_-]{1,12}(\/[a-z0-9_.-]{1,20}){0,2}\.(bin|stm32|ext4)$/),
);
const partitionLine = fc.record({ option, id, name, type, ip, offset, binary });

const separator = fc.constantFrom('\t', '\t', '\t\t', '\t\t\t');
const otherLine = fc.oneof(
  fc.constant(''),
  fc.constant('\t\t'),
  fc.stringMatching(/^\t{0,2}#[^\t\n\r\0]{0,30}$/),
);
const generatedLayout = fc.record({
  lines: fc.array(
    fc.tuple(
      fc.oneof(
        partitionLine.map((p) => ({ p })),
        otherLine.map((o) => ({ o })),
      ),
      fc.array(separator, { minLength: 7, maxLength: 7 }),
      fc.boolean(),
    ),
    { maxLength: 30 },
  ),
  crlf: fc.boolean(),
  finalNewline: fc.boolean(),
  bom: fc.boolean(),
});

describe('FlashLayout properties', () => {
  it('parse → serialize → parse is the identity on generated valid layouts', () => {
    fc.assert(
      fc.property(generatedLayout, ({ lines, crlf, finalNewline, bom }) => {
        const eol = crlf ? '\r\n' : '\n';
        const written = lines.map(([entry, seps, leading]) => {
          if ('o' in entry) return entry.o;
          const { p } = entry;
          const columns = [p.option, p.id.text, p.name, p.type.text, p.ip.text, p.offset.text, p.binary];
          return (
            (leading ? '\t' : '') +
            columns
              .map((column, index) => (index === 0 ? column : `${seps[index] ?? '\t'}${column}`))
              .join('')
          );
        });
        const text =
          (bom ? '\uFEFF' : '') + written.join(eol) + (finalNewline && written.length > 0 ? eol : '');
        const first = parseFlashLayout(text);
        expect(
          first.issues.filter((issue) => issue.severity === 'error' || issue.code === 'TRAILING_TAB'),
        ).toEqual([]);
        const expected = lines.flatMap(([entry]) => ('p' in entry ? [entry.p] : []));
        expect(first.layout.partitions.map((p) => [p.id, p.name, p.type, p.ip, p.offset, p.binary])).toEqual(
          expected.map((p) => [
            p.id.value,
            p.name,
            { name: p.type.text.startsWith('Binary') ? 'Binary' : p.type.text, copies: p.type.copies },
            { kind: p.ip.kind, instance: p.ip.instance },
            p.offset.value,
            p.binary === 'none' ? null : p.binary,
          ]),
        );
        const rewritten = serializeFlashLayout(first.layout);
        const second = parseFlashLayout(rewritten);
        expect(withoutPositions(second.layout)).toEqual(withoutPositions(first.layout));
        expect(serializeFlashLayout(second.layout)).toBe(rewritten);
      }),
      runs,
    );
  });

  it('arbitrary bytes give a structured result, never an exception', () => {
    const structuredText = fc
      .array(
        fc.constantFrom(
          '\t',
          '\n',
          '\r',
          '#',
          ' ',
          'P',
          'E',
          '-',
          '0x',
          '1',
          'F',
          'mmc0',
          'none',
          'boot1',
          'Binary(',
          ')',
          '\0',
          '\uFEFF',
          'é',
        ),
        { maxLength: 200 },
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 600 }), structuredText), (input) => {
        expectStructured(input);
      }),
      { numRuns: 300 },
    );
  });

  it('mutated real layouts give a structured result, and still rewrite to themselves', async () => {
    const texts = await Promise.all(
      (await listFixtures()).map((name) => readFile(path.join(fixturesDir, name), 'utf8')),
    );
    const mutation = fc.record({
      fixture: fc.integer({ min: 0, max: texts.length - 1 }),
      edits: fc.array(
        fc.tuple(
          fc.nat(),
          fc.constantFrom('delete', 'tab', 'newline', 'space', 'cr', 'hash', 'digit', 'duplicate-line'),
        ),
        { minLength: 1, maxLength: 6 },
      ),
    });
    fc.assert(
      fc.property(mutation, ({ fixture, edits }) => {
        let text = texts[fixture] ?? '';
        for (const [at, edit] of edits) text = mutate(text, at % (text.length + 1), edit);
        const first = expectStructured(text);
        const second = parseFlashLayout(serializeFlashLayout(first)).layout;
        expect(withoutPositions(second)).toEqual(withoutPositions(first));
      }),
      { numRuns: 300 },
    );
  });
});

function mutate(text: string, at: number, edit: string): string {
  const insert = { tab: '\t', newline: '\n', space: ' ', cr: '\r', hash: '#', digit: '7' }[edit];
  if (insert !== undefined) return text.slice(0, at) + insert + text.slice(at);
  if (edit === 'delete') return text.slice(0, at) + text.slice(at + 1);
  const lines = text.split('\n');
  const line = at % Math.max(lines.length, 1);
  return [...lines.slice(0, line + 1), ...lines.slice(line)].join('\n');
}

/** Parses, validates, reports and writes `input`; every step returns data that fits its schema. */
function expectStructured(input: Uint8Array | string): FlashLayout {
  const { layout, issues } = parseFlashLayout(input);
  const all = [...issues, ...validateFlashLayout(layout)];
  for (const issue of all) expect(layoutIssueSchema.parse(issue)).toEqual(issue);
  const report = buildLayoutReport({
    path: '/l.tsv',
    baseDir: '/',
    layout,
    issues: all,
    sizes: new Map(),
    rooms: orderDevices(layout).rooms,
  });
  expect(layoutCheckReportSchema.safeParse(report).success).toBe(true);
  expect(typeof serializeFlashLayout(layout)).toBe('string');
  expect(typeof boardLayoutText(layout)).toBe('string');
  return layout;
}
