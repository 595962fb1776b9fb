import { describe, expect, it } from 'vitest';
import { FakeClock } from '../dfu/dfu-transport.fake';
import { ProgressMeter } from './progress-meter';

describe('the progress meter', () => {
  it('throttles at the source: one reading per interval, always the first and the last', () => {
    const clock = new FakeClock();
    const meter = new ProgressMeter(clock, { minIntervalMs: 100 });
    const readings: (number | null)[] = [];
    for (let block = 1; block <= 1000; block += 1) {
      clock.time += 1;
      readings.push(meter.sample(block * 4096, 1000 * 4096) === null ? null : block);
    }
    const emitted = readings.filter((value) => value !== null);
    expect(emitted[0]).toBe(1);
    expect(emitted.at(-1)).toBe(1000);
    expect(emitted.length).toBeLessThanOrEqual(12);
  });

  it('measures speed over a sliding window and gives the ETA', () => {
    const clock = new FakeClock();
    const meter = new ProgressMeter(clock, { windowMs: 1000, minIntervalMs: 0 });
    // Slow at first (1 KB/ms), then fast (4 KB/ms): the window forgets the slow part.
    for (let ms = 0; ms < 2000; ms += 10) {
      clock.time = ms;
      meter.sample(ms < 1000 ? ms * 1000 : 1_000_000 + (ms - 1000) * 4000, 10_000_000);
    }
    const reading = meter.reading(1_000_000 + 990 * 4000, 10_000_000);
    expect(reading.bytesPerSecond).toBeGreaterThan(3_900_000);
    expect(reading.bytesPerSecond).toBeLessThanOrEqual(4_000_000);
    expect(reading.etaSeconds).toBeCloseTo((10_000_000 - 4_960_000) / 4_000_000, 0);
  });

  it('keeps an exact speed at thousands of blocks a second (samples kept per 50 ms bucket, not per block)', () => {
    let now = 0;
    const meter = new ProgressMeter({
      now: () => now,
      sleep: async () => undefined,
      after: () => () => undefined,
    });
    let reading = null;
    // 4 KiB every 0.02 ms for 3 s: 204.8 MB/s, 150,000 blocks.
    for (let block = 1; block <= 150_000; block++) {
      now = block * 0.02;
      reading = meter.sample(block * 4096, 1e12) ?? reading;
    }
    expect(reading?.bytesPerSecond).toBeCloseTo((4096 / 0.02) * 1000, -4);
  });
});
