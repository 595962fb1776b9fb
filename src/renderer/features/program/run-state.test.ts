import { describe, expect, it } from 'vitest';
import { event } from '../../test-support/fixtures';
import { idleRun, maxLogLines, reduceRun, type RunState } from './run-state';

const started = reduceRun(idleRun, {
  type: 'start',
  boardId: 'virtual-1',
  plan: [{ id: 0x01, name: 'fsbl1-boot', total: 1000 }],
  at: 50_000,
});

describe('reduceRun', () => {
  it('turns a reconnect deadline on the run clock into a wall-clock deadline', () => {
    const state = reduceRun(started, {
      type: 'event',
      at: 100_000,
      event: event(
        {
          type: 'reconnect',
          phase: 'return',
          expectedStage: 'tfa',
          deadlineMs: 33_000,
          secondsLeft: 30,
          extendedBecause: null,
          matchedBy: null,
        },
        3_000,
      ),
    });
    expect(state.reconnect).toEqual({
      phase: 'return',
      expectedStage: 'tfa',
      deadlineAt: 130_000,
      extendedBecause: null,
    });
    // The run's clock stamped the event a moment before it computed its seconds: 30 001 ms left is still 30 s.
    const late = reduceRun(state, {
      type: 'event',
      at: 200_000,
      event: event(
        {
          type: 'reconnect',
          phase: 'return',
          expectedStage: 'tfa',
          deadlineMs: 33_001,
          secondsLeft: 30,
          extendedBecause: null,
          matchedBy: null,
        },
        3_000,
      ),
    });
    expect(Math.ceil(((late.reconnect?.deadlineAt ?? 0) - 200_000) / 1000)).toBe(30);
    expect(state.startedAt).toBe(97_000);
    const found = reduceRun(state, {
      type: 'event',
      at: 101_000,
      event: event(
        {
          type: 'reconnect',
          phase: 'found',
          expectedStage: 'tfa',
          deadlineMs: 33_000,
          secondsLeft: 29,
          extendedBecause: null,
          matchedBy: 'serial',
        },
        4_000,
      ),
    });
    expect(found.reconnect).toBeNull();
    expect(found.reconnects).toHaveLength(2);
  });

  it('records each partition’s first and last progress time, and its status from the result', () => {
    const progress = (bytes: number, elapsedMs: number, done = false) =>
      event(
        {
          type: 'partition-progress',
          partitionId: 0x01,
          name: 'fsbl1-boot',
          bytes,
          total: 1000,
          bytesPerSecond: 100,
          etaSeconds: 1,
          done,
        },
        elapsedMs,
      );
    let state: RunState = started;
    for (const [bytes, at, done] of [
      [100, 1000, false],
      [1000, 3000, true],
    ] as const)
      state = reduceRun(state, { type: 'event', at: 60_000 + at, event: progress(bytes, at, done) });
    expect(state.partitions[0]).toMatchObject({
      status: 'written',
      firstMs: 1000,
      lastMs: 3000,
      etaSeconds: 0,
    });
    state = reduceRun(state, {
      type: 'event',
      at: 70_000,
      event: event(
        {
          type: 'result',
          ok: false,
          code: 'DEVICE_UNPLUGGED',
          warnings: [],
          partitions: [
            { id: 0x01, name: 'fsbl1-boot', bytes: 1000, status: 'written' },
            { id: 0x03, name: 'ssbl-boot', bytes: 10, status: 'failed' },
          ],
          hints: [],
          message: 'Unplugged.',
          consoleLines: [],
        },
        4000,
      ),
    });
    expect(state.phase).toBe('finished');
    expect(state.partitions.map((partition) => [partition.name, partition.status])).toEqual([
      ['fsbl1-boot', 'written'],
      ['ssbl-boot', 'failed'],
    ]);
  });

  it('keeps a writing notice with a wall-clock deadline until the partition’s next progress', () => {
    const writing = reduceRun(started, {
      type: 'event',
      at: 100_000,
      event: event(
        { type: 'writing', partitionId: 0x01, name: 'fsbl1-boot', deadlineMs: 303_000, secondsLeft: 300 },
        3_000,
      ),
    });
    expect(writing.writing).toEqual({ partitionId: 0x01, deadlineAt: 400_000 });
    const after = reduceRun(writing, {
      type: 'event',
      at: 101_000,
      event: event(
        {
          type: 'partition-progress',
          partitionId: 0x01,
          name: 'fsbl1-boot',
          bytes: 1000,
          total: 1000,
          bytesPerSecond: null,
          etaSeconds: null,
          done: true,
        },
        4_000,
      ),
    });
    expect(after.writing).toBeNull();
  });

  it('keeps each warning once and the log bounded', () => {
    let state: RunState = started;
    const warning = event(
      { type: 'warning', code: 'PARTIAL_UPDATE', message: 'Partial.', hint: 'Same table.' },
      1,
    );
    state = reduceRun(state, { type: 'event', at: 1, event: warning });
    state = reduceRun(state, { type: 'event', at: 2, event: warning });
    for (let index = 0; index < maxLogLines + 20; index += 1) {
      state = reduceRun(state, {
        type: 'event',
        at: 3,
        event: event({ type: 'log', level: 'info', message: `line ${index}` }, 2),
      });
    }
    expect(state.warnings).toHaveLength(1);
    expect(state.log).toHaveLength(maxLogLines);
    expect(state.log.at(-1)?.message).toBe(`line ${maxLogLines + 19}`);
  });

  it('a refused start leaves the reason and no run', () => {
    const state = reduceRun(started, { type: 'start-failed', message: 'The board is busy.' });
    expect(state).toMatchObject({ phase: 'idle', startFailure: 'The board is busy.' });
  });

  it('keeps a running run on dismiss, and clears a finished one', () => {
    expect(reduceRun(started, { type: 'dismiss' })).toBe(started);
    const finished = reduceRun(started, {
      type: 'event',
      at: 60_000,
      event: event(
        {
          type: 'result',
          ok: true,
          code: null,
          warnings: [],
          partitions: [],
          hints: [],
          message: null,
          consoleLines: [],
        },
        10_000,
      ),
    });
    expect(finished.phase).toBe('finished');
    expect(reduceRun(finished, { type: 'dismiss' })).toEqual(idleRun);
  });

  it('the FlashLayout transfer (0x00) is not a partition: the table and the overall count keep the plan', () => {
    const planned = started;
    const layout = reduceRun(planned, {
      type: 'event',
      at: 10,
      event: event(
        {
          type: 'partition-progress',
          partitionId: 0x00,
          name: 'FlashLayout',
          bytes: 599,
          total: 599,
          bytesPerSecond: null,
          etaSeconds: null,
          done: true,
        },
        10,
      ),
    });
    expect(layout.partitions.map((partition) => partition.id)).toEqual(
      planned.partitions.map((partition) => partition.id),
    );
  });
});
