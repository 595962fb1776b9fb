import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgramEvent } from '../../../shared/program-events';
import { FakeClock, FakeDfuTransport } from '../dfu/dfu-transport.fake';
import { parseFlashLayout } from '../layout/parse-flash-layout';
import { makeTempDir, removeTempDir } from '../layout/test-support/layout-images';
import { programLayout, selectByIds } from './program-layout';
import { entry, phaseBytes, ScriptedBackend, trackedBoard } from './scripted-backend.fake';

let dir = '';
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => {
  await removeTempDir(dir);
});

describe('programming from a layout file (the app’s program.start)', () => {
  it('a layout with errors is LAYOUT_INVALID and nothing is sent', async () => {
    await writeFile(path.join(dir, 'bad.tsv'), 'P\t0x21\tboot\tSystem\tmmc0\t0x00284400\tmissing.ext4\n');
    const transport = new FakeDfuTransport({ uploadAnswer: phaseBytes(0x21) }, new FakeClock());
    const backend = new ScriptedBackend([entry('k1')]);
    backend.transports.set('k1', () => transport);
    const events: ProgramEvent[] = [];
    const { tracker, boardId } = await trackedBoard(backend);
    const result = await programLayout(
      { layoutPath: path.join(dir, 'bad.tsv') },
      { backend, tracker, boardId, onEvent: (event) => events.push(event) },
    );
    expect(result).toMatchObject({ ok: false, code: 'LAYOUT_INVALID' });
    expect(result.hints.join('\n')).toMatch(/BINARY_NOT_FOUND/);
    expect(events).toEqual([result]);
    expect(transport.requests).toHaveLength(0);
  });

  it('--only / --skip as ids', () => {
    const { layout } = parseFlashLayout(
      new TextEncoder().encode(
        'P\t0x21\tboot\tSystem\tmmc0\t0x4400\ta\nP\t0x22\troot\tSystem\tmmc0\t0x8400\tb\n',
      ),
    );
    const [boot, root] = layout.partitions;
    if (boot === undefined || root === undefined) throw new Error('parse');
    expect(selectByIds(undefined, undefined)).toBeUndefined();
    expect([boot, root].map((line) => selectByIds([0x21], undefined)?.(line))).toEqual([true, false]);
    expect([boot, root].map((line) => selectByIds(undefined, [0x21])?.(line))).toEqual([false, true]);
  });
});
