import { describe, expect, it } from 'vitest';
import type { ProgramEvent } from '../../shared/program-events';
import { ProgressThrottle } from './progress-throttle';

const progress = (bytes: number, done = false): ProgramEvent => ({
  schemaVersion: 1,
  type: 'partition-progress',
  partitionId: 0x21,
  name: 'boot',
  bytes,
  total: 100,
  bytesPerSecond: null,
  etaSeconds: null,
  done,
  elapsedMs: bytes,
});
const log = (message: string): ProgramEvent => ({
  schemaVersion: 1,
  type: 'log',
  level: 'info',
  message,
  elapsedMs: 0,
});

function throttled() {
  let now = 0;
  const sent: ProgramEvent[] = [];
  const throttle = new ProgressThrottle(
    (event) => sent.push(event),
    () => now,
  );
  return { sent, throttle, advance: (ms: number) => (now += ms) };
}

describe('ProgressThrottle', () => {
  it('sends at most 20 progress events a second, always the newest', () => {
    const { sent, throttle, advance } = throttled();
    for (let bytes = 1; bytes <= 1000; bytes++) {
      throttle.push(progress(bytes));
      advance(1);
    }
    expect(sent.length).toBeLessThanOrEqual(21);
    expect(sent.length).toBeGreaterThanOrEqual(19);
    throttle.flush();
    expect(sent.at(-1)).toMatchObject({ bytes: 1000 });
  });

  it('never drops a partition’s last progress, and keeps order around other events', () => {
    const { sent, throttle } = throttled();
    throttle.push(progress(10));
    throttle.push(progress(20));
    throttle.push(log('between'));
    throttle.push(progress(100, true));
    expect(sent.map((e) => (e.type === 'partition-progress' ? e.bytes : e.type))).toEqual([
      10,
      20,
      'log',
      100,
    ]);
  });
});
