import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgramEvent, ResultEvent } from '../../../shared/program-events';
import { runRecordSchema } from '../../../shared/run-record';
import { makeTempDir, removeTempDir } from '../../engine/layout/test-support/layout-images';
import { runCli } from '../cli-program';
import { exitCodes } from '../exit-codes';
import { fakeCliIo } from '../fake-cli-io';
import { expectLayoutInMemories } from '../program/test-support/expect-layout-in-memories';
import type { StagedFixture } from '../program/test-support/staged-fixture';
import { stageLayout } from '../program/test-support/staged-fixture';

const dk1 = 'stm32mp157a-dk1-sdcard-trusted-blog.tsv';
/** What the ROM and TF-A load (and the layout, phase 0x00): sent again by every run, resumed or not. */
const bootChain = [0x00, 0x01, 0x02, 0x03];

let dir = '';
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => {
  await removeTempDir(dir);
});

async function program(cwd: string, args: readonly string[]) {
  const io = fakeCliIo({ cwd });
  const base = ['program', ...args, '--json', '--sim', '--sim-speed', 'fast', '--leave-timeout', '1000'];
  const code = await runCli([...base, '--reconnect-timeout', '1000'], io);
  const events = io
    .out()
    .trim()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as ProgramEvent);
  return { code, events, err: io.err() };
}

/** The partitions a run sent bytes of, from its JSON events. */
const sentIds = (events: readonly ProgramEvent[]): number[] => [
  ...new Set(events.flatMap((event) => (event.type === 'partition-progress' ? [event.partitionId] : []))),
];

/** A DK1 layout staged in its own folder, and a run of it failed by an unplug during 0x23, with its report. */
async function failedRun(name: string): Promise<{ work: string; staged: StagedFixture; report: string }> {
  const work = path.join(dir, name);
  const staged = await stageLayout(dk1, work, 'mp15');
  const report = path.join(work, 'run.json');
  const storage = ['--sim-storage', path.join(work, 'board')];
  const failed = await program(work, [
    staged.layoutPath,
    '--sim-fault',
    'unplug=0x23:10',
    ...storage,
    '--report',
    report,
  ]);
  expect((failed.events.at(-1) as ResultEvent).code).toBe('DEVICE_UNPLUGGED');
  expect(failed.code).toBe(exitCodes.failed);
  return { work, staged, report };
}

describe('program --report, then --resume (issue 25 item 2)', () => {
  it('a run failed by unplug=0x23:10, resumed: only the unfinished partitions are sent, the memory is whole', async () => {
    const { work, staged, report } = await failedRun('resumed');
    const record = runRecordSchema.parse(JSON.parse(await readFile(report, 'utf8')));
    expect(record.outcome).toEqual({ ok: false, code: 'DEVICE_UNPLUGGED' });
    const unfinished = record.partitions.filter((partition) => !partition.finished).map((p) => p.id);
    const finished = record.partitions.filter((partition) => partition.finished).map((p) => p.id);
    expect(unfinished).toContain(0x23);
    expect(finished.length).toBeGreaterThan(0);

    const storage = ['--sim-storage', path.join(work, 'board')];
    const resumed = await program(work, ['--resume', report, ...storage, '--report', report]);
    expect(resumed.events.at(-1)).toMatchObject({ type: 'result', ok: true, code: null });
    expect(resumed.code).toBe(exitCodes.success);
    const sent = sentIds(resumed.events);
    expect(sent).toEqual(expect.arrayContaining([0x01, 0x03]));
    expect(sent.filter((id) => !bootChain.includes(id))).toEqual(unfinished);
    const skipLines = resumed.events.flatMap((event) =>
      event.type === 'log' && event.message.startsWith('Skipping') ? [event.message] : [],
    );
    expect(skipLines).toHaveLength(finished.length);
    expect(skipLines[0]).toMatch(/^Skipping 0x[0-9a-f]{2} \S+: finished by the run in .*run\.json$/);

    await expectLayoutInMemories(dk1, staged, path.join(work, 'board'));
    // The resumed run's report finishes everything: resuming again has nothing to do.
    const whole = runRecordSchema.parse(JSON.parse(await readFile(report, 'utf8')));
    expect(whole.partitions.map((partition) => partition.id)).toEqual(record.partitions.map((p) => p.id));
    expect(whole.partitions.every((partition) => partition.finished)).toBe(true);
    const again = await program(work, ['--resume', report, ...storage]);
    expect(again.code).toBe(exitCodes.success);
    expect(sentIds(again.events)).toEqual([]);
  });

  it('a report whose every partition is finished: nothing to resume, exit 0, nothing sent', async () => {
    const work = path.join(dir, 'whole');
    const staged = await stageLayout(dk1, work, 'mp15');
    const report = path.join(work, 'run.json');
    const storage = ['--sim-storage', path.join(work, 'board')];
    expect((await program(work, [staged.layoutPath, ...storage, '--report', report])).code).toBe(0);
    const record = runRecordSchema.parse(JSON.parse(await readFile(report, 'utf8')));
    expect(record.partitions.every((partition) => partition.finished)).toBe(true);
    const again = await program(work, ['--resume', report, ...storage]);
    expect(again.code).toBe(exitCodes.success);
    expect(sentIds(again.events)).toEqual([]);
    expect(again.events).toEqual([
      expect.objectContaining({ type: 'log', message: expect.stringMatching(/^Nothing to resume/) }),
    ]);
  });

  it('in text, says one line per partition it skips, and why', async () => {
    const { work, report } = await failedRun('text');
    const io = fakeCliIo({ cwd: work });
    const args = ['program', '--resume', report, '--sim', '--sim-speed', 'fast'];
    expect(await runCli([...args, '--sim-storage', path.join(work, 'board')], io)).toBe(exitCodes.success);
    const record = runRecordSchema.parse(JSON.parse(await readFile(report, 'utf8')));
    const lines = io
      .out()
      .split('\n')
      .filter((line) => line.includes('Skipping 0x'));
    expect(lines).toHaveLength(record.partitions.filter((partition) => partition.finished).length);
    expect(lines[0]).toMatch(/Skipping 0x04 fsbl1: finished by the run in .*run\.json/);
  });

  it('refuses a changed image, naming the file, and sends nothing', async () => {
    const { work, report } = await failedRun('image-changed');
    const record = runRecordSchema.parse(JSON.parse(await readFile(report, 'utf8')));
    const finishedImage = record.images.find((image) =>
      record.partitions.some((partition) => partition.finished && partition.id === image.partitionId),
    );
    if (finishedImage === undefined) throw new Error('no finished image');
    await writeFile(finishedImage.path, 'another build');
    const resumed = await program(work, ['--resume', report, '--sim-storage', path.join(work, 'board')]);
    expect(resumed.code).toBe(exitCodes.cannotStart);
    expect(resumed.err).toContain(`Error RESUME_IMAGE_CHANGED: ${finishedImage.path}`);
    expect(sentIds(resumed.events)).toEqual([]);
  });

  it('Ctrl+C mid-run still leaves the report: cancelled, with what was finished before it', async () => {
    const work = path.join(dir, 'interrupted');
    const staged = await stageLayout(dk1, work, 'mp15');
    const report = path.join(work, 'run.json');
    const fake = fakeCliIo({ cwd: work });
    // Ctrl+C as soon as bootfs (0x21) is written whole.
    const stdout = new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        for (const text of chunk.toString().split('\n').filter(Boolean)) {
          const event = JSON.parse(text) as ProgramEvent;
          if (event.type === 'partition-progress' && event.partitionId === 0x21 && event.done)
            fake.interruptNow();
        }
        done();
      },
    });
    const args = [staged.layoutPath, '--json', '--sim', '--sim-speed', 'fast', '--report', report];
    const code = await runCli(['program', ...args, '--sim-storage', path.join(work, 'board')], {
      ...fake,
      stdout,
    });
    expect(code).toBe(exitCodes.interrupted);
    const record = runRecordSchema.parse(JSON.parse(await readFile(report, 'utf8')));
    expect(record.outcome).toEqual({ ok: false, code: 'CANCELLED' });
    expect(record.partitions.find((partition) => partition.id === 0x21)?.finished).toBe(true);
    expect(record.partitions.find((partition) => partition.id === 0x23)?.finished).toBe(false);
    expect(record.board?.serial).toEqual(expect.any(String));
  });

  it('without a layout and without --resume, says the layout is missing (exit 2)', async () => {
    const io = fakeCliIo({ cwd: dir });
    expect(await runCli(['program', '--sim'], io)).toBe(exitCodes.cannotStart);
    expect(io.err()).toBe("error: missing required argument 'layout.tsv'\n");
  });

  it('refuses a changed layout, naming the file, and sends nothing', async () => {
    const { work, staged, report } = await failedRun('layout-changed');
    await writeFile(staged.layoutPath, `${await readFile(staged.layoutPath, 'latin1')}\n`, 'latin1');
    const resumed = await program(work, ['--resume', report, '--sim-storage', path.join(work, 'board')]);
    expect(resumed.code).toBe(exitCodes.cannotStart);
    expect(resumed.err).toContain(`Error RESUME_LAYOUT_CHANGED: ${staged.layoutPath} changed`);
    expect(sentIds(resumed.events)).toEqual([]);
  });
});
