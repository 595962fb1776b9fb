import type { PartitionProgressEvent } from '../../../shared/program-events';
import { barLine, bytesText } from './partition-line';
import type { PlannedPartition } from './program-view';
import { SmoothedRate, formatEta } from './smoothed-rate';

/**
 * The whole run in one line: bytes done of the total the partition table lists (the FlashLayout transfer is a
 * stage, not one of them), the share, and an ETA from the smoothed rate (`—` until there is one).
 */
export class OverallProgress {
  /** Each planned partition's size: the plan's, then the size its transfer reports. */
  readonly #sizes = new Map<number, number>();
  readonly #done = new Map<number, number>();
  readonly #rate: SmoothedRate;

  constructor(planned: readonly PlannedPartition[], now: () => number) {
    for (const partition of planned) this.#sizes.set(partition.id, partition.bytes);
    this.#rate = new SmoothedRate(now);
  }

  /** Whether a partition id is one the table lists. */
  counts(id: number): boolean {
    return this.#sizes.has(id);
  }

  progress(event: PartitionProgressEvent): void {
    if (!this.#sizes.has(event.partitionId)) return;
    this.#sizes.set(event.partitionId, event.total);
    const bytes = event.done ? event.total : event.bytes;
    this.#done.set(event.partitionId, Math.max(bytes, this.#done.get(event.partitionId) ?? 0));
    this.#rate.sample(this.done);
  }

  /** The board is away (a re-enumeration): that time is not transfer time. */
  pause(): void {
    this.#rate.pause();
  }

  /** A new stage: its speed is its own (the ROM's is a fraction of U-Boot's), the ETA waits for it. */
  newStage(): void {
    this.#rate.reset();
  }

  get done(): number {
    return [...this.#done.values()].reduce((sum, bytes) => sum + bytes, 0);
  }

  get total(): number {
    return [...this.#sizes.values()].reduce((sum, bytes) => sum + bytes, 0);
  }

  get etaSeconds(): number | null {
    return this.#rate.etaSeconds(this.total - this.done);
  }

  /** `[#####.....] Overall 192.00 KiB/576.00 KiB 33% ETA 3 s`, fitting `width`. */
  line(width: number): string {
    const { done, total } = this;
    const fraction = total === 0 ? 1 : done / total;
    const percent = Math.floor(fraction * 100);
    const eta = done >= total ? '' : ` ETA ${formatEta(this.etaSeconds)}`;
    return barLine(fraction, `Overall ${bytesText(done)}/${bytesText(total)} ${percent}%${eta}`, width);
  }
}
