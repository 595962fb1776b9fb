import { describe, expect, it } from 'vitest';
import type { PartitionProgressEvent } from '../../../shared/program-events';
import { OverallProgress } from './overall-line';
import { SmoothedRate, formatEta } from './smoothed-rate';

const clock = (): { now: () => number; advance: (ms: number) => void } => {
  let time = 0;
  return { now: () => time, advance: (ms) => void (time += ms) };
};

const progress = (
  partitionId: number,
  bytes: number,
  total: number,
  done = false,
): PartitionProgressEvent => ({
  schemaVersion: 1,
  type: 'partition-progress',
  partitionId,
  name: partitionId === 0 ? 'FlashLayout' : `p${partitionId}`,
  bytes,
  total,
  bytesPerSecond: null,
  etaSeconds: null,
  done,
  elapsedMs: 0,
});

describe('the overall ETA', () => {
  it('is unknown (—) before two samples, then the bytes left over the measured rate', () => {
    const time = clock();
    const rate = new SmoothedRate(time.now);
    expect(rate.etaSeconds(1000)).toBeNull();
    expect(formatEta(rate.etaSeconds(1000))).toBe('—');
    rate.sample(0);
    time.advance(1000);
    rate.sample(2000);
    expect(rate.bytesPerSecond).toBe(2000);
    expect(rate.etaSeconds(10_000)).toBe(5);
    expect(formatEta(rate.etaSeconds(10_000))).toBe('5 s');
  });

  it('smooths: a burst moves the rate part of the way, weighted by the time it covers', () => {
    const time = clock();
    const rate = new SmoothedRate(time.now, 3000);
    rate.sample(0);
    time.advance(1000);
    rate.sample(1000);
    time.advance(100);
    rate.sample(2000); // 10 000 B/s for 100 ms
    const weight = 1 - Math.exp(-100 / 3000);
    expect(rate.bytesPerSecond).toBeCloseTo(1000 + weight * 9000, 6);
    expect(rate.bytesPerSecond).toBeLessThan(1400);
  });

  it('does not count the time the board is away (pause) as transfer time', () => {
    const time = clock();
    const rate = new SmoothedRate(time.now);
    rate.sample(0);
    time.advance(1000);
    rate.sample(1000);
    rate.pause();
    time.advance(30_000);
    rate.sample(1000);
    time.advance(1000);
    rate.sample(2000);
    expect(rate.bytesPerSecond).toBe(1000);
  });

  it('starts afresh at a new stage (unknown again until two samples of it)', () => {
    const time = clock();
    const rate = new SmoothedRate(time.now);
    rate.sample(0);
    time.advance(1000);
    rate.sample(100);
    rate.reset();
    expect(rate.etaSeconds(1000)).toBeNull();
    rate.sample(100);
    time.advance(1000);
    rate.sample(5100);
    expect(rate.bytesPerSecond).toBe(5000);
  });

  it('reads in seconds, minutes and hours', () => {
    expect(formatEta(0.2)).toBe('1 s');
    expect(formatEta(59)).toBe('59 s');
    expect(formatEta(185)).toBe('3 min 05 s');
    expect(formatEta(3720)).toBe('1 h 02 min');
  });

  it('counts only the partitions the table lists (not the FlashLayout), sizes corrected by their transfer', () => {
    const time = clock();
    const overall = new OverallProgress(
      [
        { id: 1, name: 'fsbl1-boot', bytes: 1000 },
        { id: 0x21, name: 'boot', bytes: 0 },
      ],
      time.now,
    );
    expect(overall.line(80)).toMatch(/Overall 0 B\/1000 B 0% ETA —$/);
    overall.progress(progress(1, 500, 1000));
    time.advance(1000);
    overall.progress(progress(1, 1000, 1000, true));
    overall.progress(progress(0, 591, 591, true));
    overall.progress(progress(0x21, 0, 3000));
    expect(overall.done).toBe(1000);
    expect(overall.total).toBe(4000);
    expect(overall.etaSeconds).toBe(6);
    expect(overall.line(80)).toMatch(/^\[#{6}\.{18}\] Overall 1000 B\/3\.91 KiB 25% ETA 6 s$/);
  });
});
