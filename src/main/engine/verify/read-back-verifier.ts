import type { Clock } from '../dfu/clock';
import type { DfuDevice } from '../dfu/dfu-device';
import { hex2 } from '../session/board-reading';
import type { ProgrammingSessionOptions } from '../session/session-options';
import type { PlannedImage, SessionPlan } from '../session/session-plan';
import type { SendableImage, SessionRecord } from '../session/session-record';
import { readBackRefusal, verifyPartition } from './read-back-verify';

/**
 * A run's read-back verify (`--verify`): after each partition U-Boot wrote, reads it back and compares it with its
 * image where U-Boot allows an upload on its memory; elsewhere a `VERIFY_UNAVAILABLE` warning says the partition
 * was not verified and why. Remembers the alternates read, which U-Boot cannot read twice (`read-back-verify`).
 */
export class ReadBackVerifier {
  readonly #options: Pick<ProgrammingSessionOptions, 'console' | 'signal'>;
  readonly #record: SessionRecord;
  readonly #clock: Clock;
  readonly #readBack = new Set<number>();

  /** The run's verifier when it asked for one (`program --verify`, a `verify` plan), else null. */
  static when(
    options: Pick<ProgrammingSessionOptions, 'console' | 'signal' | 'verify' | 'plan'>,
    record: SessionRecord,
    clock: Clock,
  ): ReadBackVerifier | null {
    const wanted = options.verify === true || options.plan.readBack !== undefined;
    return wanted ? new ReadBackVerifier(options, record, clock) : null;
  }

  /**
   * Phase END of a `verify` plan (nothing written, every line `-`): U-Boot's partitions gadget still offers every
   * partition's alternate (stm32prog.c `dfu_init_entities`), so each is read back here, before the DETACH.
   */
  async atEnd(device: DfuDevice, plan: Pick<SessionPlan, 'readBack'>): Promise<void> {
    for (const [phase, planned] of plan.readBack ?? new Map<number, PlannedImage>()) {
      this.#options.signal?.throwIfAborted();
      const image = { id: planned.id, name: planned.name, planned, open: () => planned.open() };
      const hint = 'Nothing was written to it; check it another way (boot the board) if it matters.';
      await this.afterWrite(device, phase, image, hint);
    }
  }

  constructor(
    options: Pick<ProgrammingSessionOptions, 'console' | 'signal'>,
    record: SessionRecord,
    clock: Clock,
  ) {
    this.#options = options;
    this.#record = record;
    this.#clock = clock;
  }

  async afterWrite(
    device: DfuDevice,
    phase: number,
    image: SendableImage,
    unavailableHint = 'The partition was written; check it another way (boot the board) if it matters.',
  ): Promise<void> {
    const refusal = readBackRefusal(image.planned?.partition.ip?.kind ?? null, this.#readBack.has(phase));
    if (refusal !== null) {
      this.#record.warn(
        'VERIFY_UNAVAILABLE',
        `partition ${hex2(phase)} ${image.name} is not verified: ${refusal}`,
        unavailableHint,
      );
      return;
    }
    this.#readBack.add(phase);
    this.#options.console?.mark(`verifying partition ${hex2(phase)} ${image.name}`);
    const { signal } = this.#options;
    await verifyPartition({
      device,
      phase,
      image,
      record: this.#record,
      clock: this.#clock,
      ...(signal === undefined ? {} : { signal }),
    });
  }
}
