import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doctorReportSchema } from '../../../shared/contract/doctor';
import type { ResultEvent } from '../../../shared/program-events';
import { makeTempDir, removeTempDir, repositoryRoot } from '../../engine/layout/test-support/layout-images';
import { runCli } from '../cli-program';
import { exitCodes } from '../exit-codes';
import { fakeCliIo } from '../fake-cli-io';
import { stageLayout } from '../program/test-support/staged-fixture';

const logs = path.resolve(repositoryRoot, '../shared/fixtures/logs');
let dir = '';

beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => {
  await removeTempDir(dir);
});

describe('doctor <log>...', () => {
  it('reads the 2019 CubeProgrammer log with its UART log: code, ranked hints and the quoted lines', async () => {
    const io = fakeCliIo({ cwd: logs });
    const code = await runCli(
      ['doctor', 'cubeprogrammer-2.1-dk2-sdcard-reconnect-timeout.log', 'dk2-uart-2019-after-ssbl-start.log'],
      io,
    );
    expect(code).toBe(exitCodes.success);
    const out = io.out();
    expect(out).toMatch(/^DEVICE_NEVER_RETURNED: The board left the bus to start partition 0x03/m);
    expect(out).toMatch(/^Warning LINK_FULL_SPEED$/m);
    expect(out).toMatch(
      /^ {2}1\. The board did come back: .*USB filter of the virtual machine, or the driver/m,
    );
    expect(out).toMatch(/^ {4}dk2-uart-2019-after-ssbl-start\.log:3: DFU alt info setting: done$/m);
    expect(out).toMatch(
      /^ {4}cubeprogrammer-2\.1-dk2-sdcard-reconnect-timeout\.log:42: Error: unable to reconnect/m,
    );
  });

  it('--json prints the report the app receives', async () => {
    const io = fakeCliIo({ cwd: logs });
    const log = 'cubeprogrammer-2.11.0-mp157a-custom-emmc-start-failed-then-iap.log';
    expect(await runCli(['doctor', log, '--json'], io)).toBe(exitCodes.success);
    const report = doctorReportSchema.parse(JSON.parse(io.out()));
    expect(report.known && report.runs.map((run) => run.code)).toEqual([
      'DEVICE_NEVER_RETURNED',
      'DEVICE_UNIDENTIFIED',
    ]);
  });

  it('a file that is not a programming log: "not a log I know", the formats it reads, exit 2', async () => {
    await writeFile(path.join(dir, 'notes.txt'), 'Shopping list:\n- milk\n- bread\n');
    const io = fakeCliIo({ cwd: dir });
    expect(await runCli(['doctor', 'notes.txt'], io)).toBe(exitCodes.cannotStart);
    expect(io.err()).toMatch(/^notes\.txt: not a log I know\. The doctor reads:$/m);
    expect(io.err()).toMatch(/STM32CubeProgrammer console output/);
    expect(io.err()).toMatch(/dfu-util output/);
    expect(io.out()).toBe('');
  });

  it('a missing file: exit 2, one line', async () => {
    const io = fakeCliIo({ cwd: dir });
    expect(await runCli(['doctor', 'nope.log'], io)).toBe(exitCodes.cannotStart);
    expect(io.err().trim()).toBe('Error: nope.log: no such file.');
  });

  it('reads our own --log trace of a failed run and gives the code and first hint the run gave', async () => {
    const layout = (
      await stageLayout('stm32mp157a-dk1-sdcard-trusted-blog.tsv', path.join(dir, 'dk1'), 'mp15')
    ).layoutPath;
    const run = fakeCliIo({ cwd: dir });
    const args = ['program', layout, '--log', 'run.log', '--json', '--reconnect-timeout', '2000'];
    const sim = [
      '--sim',
      '--sim-speed',
      'fast',
      '--sim-storage',
      path.join(dir, 'storage'),
      '--sim-fault',
      'no-return',
    ];
    expect(await runCli([...args, ...sim], run)).toBe(exitCodes.failed);
    const result = JSON.parse(run.out().trim().split('\n').at(-1) ?? '') as ResultEvent;
    expect(result.code).toBe('DEVICE_NEVER_RETURNED');
    const io = fakeCliIo({ cwd: dir });
    expect(await runCli(['doctor', 'run.log', '--json'], io)).toBe(exitCodes.success);
    const report = doctorReportSchema.parse(JSON.parse(io.out()));
    if (!report.known) throw new Error(report.message);
    expect(report.runs[0]?.format).toBe('program --log trace');
    expect(report.runs[0]?.code).toBe(result.code);
    expect(report.runs[0]?.hints[0]).toBe(result.hints[0]);
    expect(report.runs[0]?.facts.partitionsSent).toEqual([1, 0, 3]); // 0x00: the layout itself
    expect(report.runs[0]?.facts.reconnectWaits).toBe(1);
    expect((await readFile(path.join(dir, 'run.log'), 'utf8')).length).toBeGreaterThan(0);
  }, 30_000);
});
