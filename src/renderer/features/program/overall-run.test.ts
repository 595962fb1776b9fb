import { describe, expect, it } from 'vitest';
import { overallRun, partitionInFlight } from './overall-run';
import type { PartitionRun } from './run-state';

function partition(changes: Partial<PartitionRun> & { id: number }): PartitionRun {
  return {
    name: `p${changes.id}`,
    bytes: 0,
    total: 1000,
    bytesPerSecond: null,
    etaSeconds: null,
    status: 'pending',
    firstMs: null,
    lastMs: null,
    ...changes,
  };
}

describe('overallRun', () => {
  it('counts the bytes of the listed partitions, and the time left at the rate of the one being sent', () => {
    const overall = overallRun([
      partition({ id: 1, bytes: 1000, status: 'written', firstMs: 0, lastMs: 1000 }),
      partition({ id: 2, bytes: 500, status: 'sending', bytesPerSecond: 250, firstMs: 1000, lastMs: 2000 }),
      partition({ id: 3, total: 2000 }),
    ]);
    expect(overall).toEqual({
      written: 1,
      count: 3,
      done: 1500,
      total: 4000,
      sized: true,
      bytesPerSecond: 250,
      etaSeconds: 10,
    });
  });

  it('between partitions (a re-enumeration), the rate is the average over the time spent sending', () => {
    const overall = overallRun([
      partition({ id: 1, bytes: 1000, status: 'written', firstMs: 0, lastMs: 1000 }),
      partition({ id: 2, bytes: 1000, status: 'written', firstMs: 5000, lastMs: 6000 }),
      partition({ id: 3, total: 3000 }),
    ]);
    expect(overall.bytesPerSecond).toBe(1000);
    expect(overall.etaSeconds).toBe(3);
  });

  it('has no time left until a rate is known, and never counts more than a partition holds', () => {
    const overall = overallRun([
      partition({ id: 1, bytes: 1500, total: 1000 }),
      partition({ id: 2, total: null }),
    ]);
    expect(overall.done).toBe(1000);
    expect(overall.total).toBe(1000);
    expect(overall.etaSeconds).toBeNull();
    expect(overallRun([partition({ id: 2, total: null })]).sized).toBe(false);
  });
});

describe('partitionInFlight', () => {
  it('is the partition being sent, or none while waiting', () => {
    const sending = partition({ id: 2, status: 'sending' });
    expect(partitionInFlight([partition({ id: 1, status: 'written' }), sending])).toBe(sending);
    expect(partitionInFlight([partition({ id: 1, status: 'written' })])).toBeNull();
  });
});
