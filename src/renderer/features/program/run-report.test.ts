import { describe, expect, it } from 'vitest';
import { board, event } from '../../test-support/fixtures';
import { buildRunReport, formatRunReport } from './run-report';
import { idleRun, reduceRun, type RunState } from './run-state';

function finishedRun(): RunState {
  let state = reduceRun(idleRun, { type: 'start', boardId: 'virtual-1', plan: [], at: 0 });
  const steps = [
    event({ type: 'stage', stage: 'rom', timeline: [{ stage: 'rom', startedMs: 0, endedMs: null }] }, 0),
    event(
      {
        type: 'partition-progress',
        partitionId: 0x21,
        name: 'boot',
        bytes: 1_000_000,
        total: 4_000_000,
        bytesPerSecond: null,
        etaSeconds: null,
        done: false,
      },
      1000,
    ),
    event(
      {
        type: 'partition-progress',
        partitionId: 0x21,
        name: 'boot',
        bytes: 4_000_000,
        total: 4_000_000,
        bytesPerSecond: 2_000_000,
        etaSeconds: 0,
        done: true,
      },
      3000,
    ),
    event({ type: 'warning', code: 'LINK_FULL_SPEED', message: 'Full speed.', hint: 'No hub.' }, 3100),
    event(
      {
        type: 'result',
        ok: false,
        code: 'DEVICE_NEVER_RETURNED',
        warnings: ['LINK_FULL_SPEED'],
        partitions: [{ id: 0x21, name: 'boot', bytes: 4_000_000, status: 'written' }],
        hints: ['VM USB filter.', 'Power supply.'],
        message: 'Never came back.',
        consoleLines: ['DFU alt info setting: done'],
      },
      40_000,
    ),
  ];
  for (const step of steps) state = reduceRun(state, { type: 'event', event: step, at: step.elapsedMs });
  return state;
}

describe('the run report', () => {
  const report = buildRunReport({
    run: finishedRun(),
    app: {
      name: 'STM32MP Flasher',
      version: '0.1.0',
      platform: 'linux',
      transport: 'electron',
      virtualMachine: 'none',
    },
    board: board(),
    nickname: 'bench',
    layout: { path: '/l/FlashLayout.tsv', sha256: 'cd'.repeat(32), bytes: 900, skippedIds: [0x23] },
    generatedAt: new Date('2026-11-25T09:00:00Z'),
  });

  it('holds board identity, layout and its SHA-256, per-partition time and speed, timeline and diagnosis', () => {
    expect(report.board).toMatchObject({
      serial: '004A00323137511139383538',
      slot: '1-1',
      nickname: 'bench',
    });
    expect(report.layout?.sha256).toBe('cd'.repeat(32));
    expect(report.partitions).toEqual([
      {
        id: 0x21,
        name: 'boot',
        status: 'written',
        bytes: 4_000_000,
        total: 4_000_000,
        timeMs: 2000,
        bytesPerSecond: 2_000_000,
      },
    ]);
    expect(report.timeline).toEqual([{ stage: 'rom', startedMs: 0, endedMs: null, elapsedMs: 40_000 }]);
    expect(report.diagnosis).toEqual({
      code: 'DEVICE_NEVER_RETURNED',
      hints: ['VM USB filter.', 'Power supply.'],
      consoleLines: ['DFU alt info setting: done'],
    });
    expect(report.warnings.map((warning) => warning.code)).toEqual(['LINK_FULL_SPEED']);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('reads as text in the order a support thread needs it', () => {
    const text = formatRunReport(report);
    expect(text).toContain('Outcome: failed (DEVICE_NEVER_RETURNED) after 40 s');
    expect(text).toContain('App: STM32MP Flasher 0.1.0 on linux (electron)');
    expect(text).toContain('Left out: 0x23');
    expect(text).toContain(
      'Board: mp15 (virtual) "bench" rev. 0x0000, serial 004A00323137511139383538, slot 1-1, high speed',
    );
    expect(text).toMatch(/0x21 boot\s+written\s+3\.8 MiB of 3\.8 MiB, 2\.0 s, 1\.9 MiB\/s/);
    expect(text).toContain('1. VM USB filter.');
    expect(text).toContain('  | DFU alt info setting: done');
  });
});
