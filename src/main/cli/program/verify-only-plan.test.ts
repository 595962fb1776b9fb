import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { stm32HeaderSize } from '../../protocol/stm32-header';
import { stageLayout } from './test-support/staged-fixture';
import { makeTempDir, removeTempDir } from '../../engine/layout/test-support/layout-images';
import { prepareLayoutRun } from '../../engine/session/program-layout';

let dir = '';
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => {
  await removeTempDir(dir);
});

it('a verify plan writes nothing, sends every memory line as `-`, and reads every one back', async () => {
  const work = path.join(dir, 'dk1');
  const staged = await stageLayout('stm32mp157a-dk1-sdcard-trusted-blog.tsv', work, 'mp15');
  const prepared = await prepareLayoutRun({ layoutPath: staged.layoutPath, cwd: work, verifyOnly: true });
  if (prepared.kind !== 'ready') throw new Error(prepared.result.message ?? '');
  const { plan } = prepared;
  expect(plan.written.size).toBe(0);
  expect(plan.partialMemories).toEqual([]);
  const memoryIds = staged.lines.filter((line) => line.ip !== 'none').map((line) => line.id);
  expect([...(plan.readBack?.keys() ?? [])].sort((a, b) => a - b)).toEqual(memoryIds);
  const options = new TextDecoder()
    .decode(plan.boardLayout.subarray(stm32HeaderSize.v1_0))
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.split('\t')[0]);
  expect(options.length).toBe(staged.lines.length);
  expect(new Set(options)).toEqual(new Set(['-']));
});

it('a program plan still writes its selected lines and reads nothing back at END', async () => {
  const work = path.join(dir, 'dk1-program');
  const staged = await stageLayout('stm32mp157a-dk1-sdcard-trusted-blog.tsv', work, 'mp15');
  const prepared = await prepareLayoutRun({ layoutPath: staged.layoutPath, cwd: work });
  if (prepared.kind !== 'ready') throw new Error(prepared.result.message ?? '');
  expect(prepared.plan.written.size).toBe(7);
  expect(prepared.plan.readBack).toBeUndefined();
});
