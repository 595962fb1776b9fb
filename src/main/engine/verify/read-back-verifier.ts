import type { Clock } from '../dfu/clock';
import type { DfuDevice } from '../dfu/dfu-device';
import { hex2 } from '../session/board-reading';
import type { ProgrammingSessionOptions } from '../session/session-options';
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

  /** The run's verifier when it asked for one (`verify`), else null. */
  static when(
    options: Pick<ProgrammingSessionOptions, 'console' | 'signal' | 'verify'>,
    record: SessionRecord,
    clock: Clock,
  ): ReadBackVerifier | null {
    return options.verify === true ? new ReadBackVerifier(options, record, clock) : null;
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

  async afterWrite(device: DfuDevice, phase: number, image: SendableImage): Promise<void> {
    const refusal = readBackRefusal(image.planned?.partition.ip?.kind ?? null, this.#readBack.has(phase));
    if (refusal !== null) {
      this.#record.warn(
        'VERIFY_UNAVAILABLE',
        `partition ${hex2(phase)} ${image.name} is not verified: ${refusal}`,
        'The partition was written; check it another way (boot the board) if it matters.',
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
