import type { Soc, Stage } from '../../../shared/board';
import type { ProgramEvent, ProgramWarningCode, ResultEvent } from '../../../shared/program-events';
import { phaseId } from '../../protocol/phase';
import type { UsbBackend, UsbDeviceEntry } from '../../usb/usb-backend';
import type { Clock } from '../dfu/clock';
import { systemClock } from '../dfu/clock';
import type { DfuDevice } from '../dfu/dfu-device';
import { isDfuError } from '../dfu/dfu-error';
import type { PhaseAnswer } from '../dfu/phase-answer';
import { hex2, nextStageAfter, socOfProduct, stageIndex, stageOf } from './board-reading';
import type { BoardConsole } from './board-console';
import { boardProblemAtStart, mismatchedAlternates, socMismatch } from './board-checks';
import type { OpenBoard } from './open-board';
import { openBoard } from './open-board';
import { SessionFailure } from './session-failure';
import type { ReconnectDeadlines } from './reconnect-watcher';
import { ReconnectWatcher, stageChangeKind } from './reconnect-watcher';
import type { SessionPlan } from './session-plan';
import { SessionRecord } from './session-record';
import { sendImage } from './send-image';

export interface ProgrammingSessionOptions {
  readonly backend: UsbBackend;
  /** The board to program, as listed. */
  readonly device: UsbDeviceEntry;
  readonly plan: SessionPlan;
  readonly onEvent: (event: ProgramEvent) => void;
  readonly clock?: Clock;
  /** Aborting cancels within one block; an `AbortSignal.timeout` reason ends as `RUN_TIMEOUT`. */
  readonly signal?: AbortSignal;
  readonly console?: BoardConsole | null;
  /** One control request (default 5000 ms). */
  readonly requestTimeoutMs?: number;
  readonly reconnect?: Partial<ReconnectDeadlines>;
  readonly platform?: NodeJS.Platform;
  /** Warnings found before the run (a console that could not be opened), reported with the run's own. */
  readonly warnings?: readonly StartWarning[];
}

export interface StartWarning {
  readonly code: ProgramWarningCode;
  readonly message: string;
  readonly hint: string;
}

/**
 * One STM32MP programming run, led by GetPhase (spec §1.2): whatever the board asks for next is sent, whatever
 * stage it is in, so one code path programs both firmware generations and continues a board found mid-run.
 * Stage changes go through the `ReconnectWatcher`; failures end as a diagnosed `result` event, never a throw.
 */
export class ProgrammingSession {
  readonly #options: ProgrammingSessionOptions;
  readonly #clock: Clock;
  readonly #record: SessionRecord;
  readonly #watcher: ReconnectWatcher;
  #board: OpenBoard | null = null;
  #soc: Soc | null = null;
  #stage: Stage | null = null;
  #alternatesChecked = false;

  constructor(options: ProgrammingSessionOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    const origin = this.#clock.now();
    this.#record = new SessionRecord({
      clock: this.#clock,
      origin,
      plan: options.plan,
      emit: options.onEvent,
    });
    this.#watcher = new ReconnectWatcher({
      backend: options.backend,
      clock: this.#clock,
      origin,
      console: options.console ?? null,
      dfuOptions: this.#dfuOptions(),
      ...(options.reconnect === undefined ? {} : { deadlines: options.reconnect }),
      onEvent: (event) => this.#record.event(event),
    });
  }

  /** Programs the board; resolves with the result event (also emitted), whatever happened. */
  async run(): Promise<ResultEvent> {
    try {
      await this.#program();
      return this.#record.finish(null, this.#context());
    } catch (error) {
      return this.#record.finish(error, this.#context());
    } finally {
      await this.#closeBoard();
    }
  }

  #context(): Parameters<SessionRecord['finish']>[1] {
    return {
      soc: this.#soc,
      stage: this.#stage,
      console: this.#options.console ?? null,
      platform: this.#options.platform ?? process.platform,
      signal: this.#options.signal,
    };
  }

  #dfuOptions(): { clock: Clock; requestTimeoutMs?: number } {
    const ms = this.#options.requestTimeoutMs;
    return ms === undefined ? { clock: this.#clock } : { clock: this.#clock, requestTimeoutMs: ms };
  }

  #warn(code: ProgramWarningCode, message: string, hint: string): void {
    this.#record.warn(code, message, hint);
  }

  async #program(): Promise<void> {
    const { plan } = this.#options;
    for (const warning of this.#options.warnings ?? [])
      this.#warn(warning.code, warning.message, warning.hint);
    if (plan.partialMemories.length > 0)
      this.#warn(
        'PARTIAL_UPDATE',
        `only some lines of ${plan.partialMemories.join(', ')} are programmed`,
        'U-Boot keeps the partition table already on that memory and checks the selected lines against it; the other partitions keep their data.',
      );
    const board = await this.#open(this.#options.device);
    this.#soc = socOfProduct(board.entry.identity.product);
    this.#checkLink(board.entry);
    const mismatch = socMismatch(this.#soc, this.#options.plan.fsblHeader);
    if (mismatch !== null) throw mismatch;
    let answer = await this.#readPhase();
    const problem = boardProblemAtStart(answer, board.entry.identity.product);
    if (problem !== null) throw problem;
    for (let step = 0; step < 10_000; step += 1) {
      this.#options.signal?.throwIfAborted();
      const stage = stageOf(answer, this.#board?.entry.identity.product ?? null, this.#stage);
      this.#enter(stage);
      if (stage === 'uboot-partitions' && !this.#alternatesChecked) await this.#checkAlternates();
      if (answer.phaseId === phaseId.reset)
        throw new SessionFailure(
          'DEVICE_ERROR_STATUS',
          `the board reported an error: ${answer.errorText ?? ''}`,
          {
            stage,
            boardText: answer.errorText ?? '',
          },
        );
      if (answer.phaseId === phaseId.end) return this.#end();
      if (answer.detachRequested) {
        answer = await this.#changeStage(stage);
        continue;
      }
      const sent = answer.phaseId;
      answer = await this.#send(stage, answer);
      if (answer.phaseId === sent && !answer.detachRequested)
        throw new SessionFailure(
          'UNEXPECTED_PHASE',
          `the board asks for ${hex2(sent)} again right after taking it: it did not accept it`,
          { stage, partitionId: sent },
        );
    }
    throw new SessionFailure('UNEXPECTED_PHASE', 'the board kept asking for more than any layout holds');
  }

  async #open(entry: UsbDeviceEntry): Promise<OpenBoard> {
    this.#board = await openBoard(this.#options.backend, entry, this.#dfuOptions());
    return this.#board;
  }

  #checkLink(entry: UsbDeviceEntry): void {
    if (entry.identity.speed !== 'full' || this.#record.warnings.includes('LINK_FULL_SPEED')) return;
    this.#warn(
      'LINK_FULL_SPEED',
      'the board runs at Full Speed (12 Mbit/s) though it does High Speed (read from the bus, whatever its product string says)',
      'Connect it straight to a USB 2.0 port of the computer (no hub, no virtual machine USB 1.1 controller): Full Speed is about 10 times slower.',
    );
  }

  #device(): DfuDevice {
    if (this.#board === null) throw new SessionFailure('INTERNAL_ERROR', 'no board is open');
    return this.#board.device;
  }

  async #readPhase(): Promise<PhaseAnswer> {
    try {
      return await this.#device().getPhase();
    } catch (error) {
      if (isDfuError(error, 'DFU_DEVICE_GONE'))
        throw new SessionFailure(
          'DEVICE_UNPLUGGED',
          'the board left the bus while asked what it wants next',
          {
            usbCode: 'no-device',
          },
        );
      if (isDfuError(error))
        throw new SessionFailure('DEVICE_TRANSFER_ERROR', `GetPhase failed: ${error.message}`, {
          ...(error.detail.usbCode === undefined ? {} : { usbCode: error.detail.usbCode }),
        });
      throw error;
    }
  }

  #enter(stage: Stage): void {
    if (stage === this.#stage) return;
    this.#stage = stage;
    this.#record.enterStage(stage);
    this.#options.console?.mark(`stage ${stage}`);
  }

  async #checkAlternates(): Promise<void> {
    this.#alternatesChecked = true;
    const problem = mismatchedAlternates(await this.#device().readAlternates(), this.#options.plan.layout);
    if (problem !== null)
      throw new SessionFailure('BOARD_NEEDS_RESET', problem, { stage: 'uboot-partitions' });
  }

  async #send(stage: Stage, answer: PhaseAnswer): Promise<PhaseAnswer> {
    const image = this.#record.imageFor(stage, answer.phaseId);
    const board = this.#board;
    if (board === null) throw new SessionFailure('INTERNAL_ERROR', 'no board is open');
    this.#options.console?.mark(
      `${stage.startsWith('uboot') ? 'flashing partition' : 'loading'} ${hex2(answer.phaseId)} ${image.name}`,
    );
    const leavesAlone = stage === 'rom' && stageChangeKind(this.#soc, stage) === 'same-handle';
    await sendImage({
      device: board.device,
      image,
      phase: answer.phaseId,
      stage,
      record: this.#record,
      clock: this.#clock,
      expectLeaveAfterManifest: leavesAlone,
      console: this.#options.console ?? null,
      stillPresent: async () => (await this.#options.backend.list()).some((e) => e.key === board.entry.key),
      ...(this.#options.signal === undefined ? {} : { signal: this.#options.signal }),
    });
    if (!leavesAlone) return this.#readPhase();
    return this.#watcher.awaitSameHandle(
      board.device,
      nextStageAfter(stage, this.#soc),
      this.#options.signal,
    );
  }

  /** DETACH, then the board comes back at the next stage (or stays, where the spec allows it). */
  async #changeStage(stage: Stage): Promise<PhaseAnswer> {
    const board = this.#board;
    if (board === null) throw new SessionFailure('INTERNAL_ERROR', 'no board is open');
    const expected = nextStageAfter(stage, this.#soc);
    const present = new Set((await this.#options.backend.list()).map((entry) => entry.key));
    await this.#detach(board.device);
    if (stageChangeKind(this.#soc, stage) === 'same-handle-or-reenumeration') {
      const answer = await board.device.getPhase().catch(() => null);
      if (answer !== null && answer.phaseId !== phaseId.fsbl && !answer.detachRequested) return answer;
    }
    await this.#closeBoard();
    this.#options.console?.mark(`waiting for the board to come back as ${expected}`);
    const returned = await this.#watcher.reconnect(board.entry, present, expected, this.#options.signal);
    this.#board = { entry: returned.entry, transport: returned.transport, device: returned.device };
    this.#checkLink(returned.entry);
    const returnedStage = stageOf(returned.answer, returned.entry.identity.product, null);
    if (stageIndex(returnedStage) <= stageIndex(stage))
      throw new SessionFailure(
        'DEVICE_RESET',
        `the board came back in the ${returnedStage} stage after leaving ${stage}: it was reset on the way`,
        { stage, expectedStage: expected, returnedStage },
      );
    return returned.answer;
  }

  async #detach(device: DfuDevice): Promise<void> {
    try {
      await device.detach();
    } catch (error) {
      // A board that leaves at once may fail the DETACH's status stage: the watcher checks that it left.
      this.#record.log(
        `DETACH: ${error instanceof Error ? error.message : String(error)} (the board may have left)`,
      );
    }
  }

  /** Phase END: the board is done; DETACH lets U-Boot leave its loop (no bus reset, so it does not reset). */
  async #end(): Promise<void> {
    await this.#detach(this.#device());
    await this.#closeBoard();
    this.#enter('done');
  }

  async #closeBoard(): Promise<void> {
    const board = this.#board;
    this.#board = null;
    if (board === null) return;
    await board.device.release();
    await board.transport.close();
  }
}
