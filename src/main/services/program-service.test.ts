import { describe, expect, it } from 'vitest';
import type { ProgramEvent } from '../../shared/program-events';
import { ProgramService, type ProgramRunner } from './program-service';

const result = (ok: boolean): ProgramEvent => ({
  schemaVersion: 1,
  type: 'result',
  ok,
  code: ok ? null : 'CANCELLED',
  warnings: [],
  partitions: [],
  hints: [],
  message: null,
  consoleLines: [],
  elapsedMs: 1,
});

function service(runner: ProgramRunner, layout: string | null = '/x/FlashLayout.tsv') {
  const events: { runId: string; boardId: string; event: ProgramEvent }[] = [];
  const programs = new ProgramService({
    runner,
    currentLayoutPath: () => layout,
    emit: (runId, boardId, event) => events.push({ runId, boardId, event }),
  });
  return { programs, events };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('ProgramService', () => {
  it('runs the current layout on the board asked for, and passes its events on with the run id', async () => {
    const asked: unknown[] = [];
    const { programs, events } = service(async (request, _runId, emit) => {
      asked.push(request);
      emit(result(true));
    });
    const { runId } = programs.start({ boardId: 'virtual-1', only: [0x21] });
    await settle();
    expect(asked).toEqual([{ boardId: 'virtual-1', only: [0x21], layoutPath: '/x/FlashLayout.tsv' }]);
    expect(events).toEqual([{ runId, boardId: 'virtual-1', event: result(true) }]);
  });

  it('refuses to start without a layout, and a second run on a busy board', async () => {
    expect(() => service(async () => undefined, null).programs.start({ boardId: 'b' })).toThrow(/No layout/);
    const { programs } = service(() => new Promise(() => undefined));
    programs.start({ boardId: 'b' });
    expect(() => programs.start({ boardId: 'b' })).toThrow(/already being programmed/);
    expect(() => programs.start({ boardId: 'other' })).not.toThrow();
  });

  it('cancels a run through its signal; an unknown run is an error', async () => {
    const { programs, events } = service(
      (_request, _runId, emit, signal) =>
        new Promise((resolve) =>
          signal.addEventListener('abort', () => {
            emit(result(false));
            resolve();
          }),
        ),
    );
    const { runId } = programs.start({ boardId: 'b' });
    expect(programs.cancel(runId)).toEqual({ cancelled: true });
    await settle();
    expect(events.at(-1)?.event).toMatchObject({ type: 'result', code: 'CANCELLED' });
    expect(() => programs.cancel(runId)).toThrow(/no such programming run/);
  });

  it('turns a runner that throws into a failed result, so the window always gets a last event', async () => {
    const { programs, events } = service(async () => {
      throw new Error('boom');
    });
    programs.start({ boardId: 'b' });
    await settle();
    expect(events.at(-1)?.event).toMatchObject({ type: 'result', ok: false, code: 'INTERNAL_ERROR' });
    expect(() => programs.start({ boardId: 'b' })).not.toThrow();
  });
});
