import { describe, expect, it } from 'vitest';
import type { BoardClock } from './board-clock';
import { LinkPacer } from './link-pacer';

/** Real time as a number a test moves: every sleep overruns by `lateMs`, as real timers do. */
function lateTimers(lateMs: number) {
  let now = 1000;
  const sleeps: number[] = [];
  const clock: BoardClock = {
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms + lateMs;
    },
  };
  return { clock, sleeps, realNow: () => now, elapsed: () => now - 1000, idle: (ms: number) => (now += ms) };
}

describe('LinkPacer', () => {
  it('keeps the modelled rate over many blocks although every timer fires late', async () => {
    const { clock, realNow, elapsed } = lateTimers(0.5);
    const pacer = new LinkPacer(clock, realNow);
    for (let block = 0; block < 1000; block++) await pacer.pace(2.4);
    // 1000 blocks of 2.4 ms; one sleep at a time they would take 2900 ms.
    expect(elapsed()).toBeGreaterThanOrEqual(2400);
    expect(elapsed()).toBeLessThan(2400 * 1.01);
  });

  it('does not bank idle time: after a pause the next block waits its full cost', async () => {
    const { clock, sleeps, realNow, idle } = lateTimers(0);
    const pacer = new LinkPacer(clock, realNow);
    await pacer.pace(2.4);
    idle(5000);
    await pacer.pace(2.4);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[0]).toBeCloseTo(2.4);
    expect(sleeps[1]).toBeCloseTo(2.4);
  });

  it('without real time (an injected test clock), each block waits exactly its cost', async () => {
    const { clock, sleeps } = lateTimers(0.5);
    const pacer = new LinkPacer(clock, null);
    await pacer.pace(2.4);
    await pacer.pace(2.4);
    expect(sleeps).toEqual([2.4, 2.4]);
  });
});
