import type { Soc, Stage } from '../../../shared/board';
import type { ResultEvent } from '../../../shared/program-events';
import { phaseId } from '../../protocol/phase';
import type { UsbDeviceEntry } from '../../usb/usb-backend';
import type { Clock } from '../dfu/clock';
import { systemClock } from '../dfu/clock';
import type { DfuDevice, DfuDeviceOptions } from '../dfu/dfu-device';
import type { PhaseAnswer } from '../dfu/phase-answer';
import { hex2, nextStageAfter, socOfProduct, stageIndex, stageOf } from './board-reading';
import { boardProblemAtStart, warnFullSpeed, mismatchedAlternates, socMismatch } from './board-checks';
import { type OpenBoard, openBoard } from './open-board';
import { fastPathAtStart } from './fast-path-start';
import { mmcDevice, runFastbootLeg } from './fastboot-leg';
import { reportStartWarnings } from './start-warnings';
import { SessionFailure } from './session-failure';
import { ReconnectWatcher, stageChangeKind } from './reconnect-watcher';
import { SessionRecord } from './session-record';
import { sendImage } from './send-image';
import { readBoardPhase } from './read-board-phase';
import { resumeOffset } from './resume-offset';
import { ReadBackVerifier } from '../verify/read-back-verifier';
import { dfuOptionsOf, type ProgrammingSessionOptions } from './session-options';

export type { ProgrammingSessionOptions, StartWarning } from './session-options';

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
  #finished = false;
  /** The MMC device the fast path flashes (decided at the start), or null for DFU. */
  #fastDevice: string | null = null;
  /** Bytes of each phase's image the board acknowledged in this run (GetPhase's offset is checked against it). */
  readonly #sent = new Map<number, number>();
  readonly #verifier: ReadBackVerifier | null;

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
    this.#verifier = ReadBackVerifier.when(options, this.#record, this.#clock);
    this.#watcher = new ReconnectWatcher({
      backend: options.backend,
      tracker: options.tracker,
      boardId: options.boardId,
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
    const { tracker, boardId } = this.#options;
    const refused = tracker.claim(boardId, this.#options.runId ?? `run-${Date.now().toString(36)}`);
    if (refused !== null)
      return this.#record.finish(new SessionFailure('BOARD_BUSY', refused), this.#context());
    let failure: unknown = null;
    try {
      await this.#program();
    } catch (error) {
      failure = error;
    }
    await this.#closeBoard();
    // The board shows its outcome before the result goes out: a window never sees a finished run's board busy.
    tracker.release(boardId, failure === null ? 'passed' : 'failed');
    this.#finished = true;
    return this.#record.finish(failure, this.#context());
  }

  #context(): Parameters<SessionRecord['finish']>[1] {
    return {
      soc: this.#soc,
      stage: this.#stage,
      console: this.#options.console ?? null,
      platform: this.#options.platform ?? process.platform,
      signal: this.#options.signal,
      ...(this.#options.virtualMachine === undefined ? {} : { virtualMachine: this.#options.virtualMachine }),
    };
  }

  #dfuOptions(): DfuDeviceOptions {
    return dfuOptionsOf(this.#options, this.#clock);
  }

  async #program(): Promise<void> {
    const { plan } = this.#options;
    reportStartWarnings(this.#options, this.#record, () => this.#finished);
    const entry = this.#options.tracker.get(this.#options.boardId)?.entry ?? null;
    if (entry === null)
      throw new SessionFailure('DEVICE_NOT_FOUND', `the board ${this.#options.boardId} is not on the bus`);
    const board = await this.#open(entry);
    this.#soc = socOfProduct(board.identity.product);
    warnFullSpeed(board.identity, this.#record);
    const mismatch = socMismatch(this.#soc, this.#options.plan.fsblHeader);
    if (mismatch !== null) throw mismatch;
    const verify = this.#options.verify === true;
    this.#fastDevice = fastPathAtStart(this.#options.fast, { plan, soc: this.#soc, verify }, this.#record);
    let answer = await this.#readPhase();
    const problem = boardProblemAtStart(answer, board.identity.product);
    if (problem !== null) throw problem;
    for (let step = 0; step < 10_000; step += 1) {
      this.#options.signal?.throwIfAborted();
      const stage = stageOf(answer, this.#board?.identity.product ?? null, this.#stage);
      this.#enter(stage);
      if (stage === 'uboot-partitions' && !this.#alternatesChecked) await this.#checkAlternates();
      if (answer.phaseId === phaseId.reset)
        throw new SessionFailure(
          'DEVICE_ERROR_STATUS',
          `the board reported an error: ${answer.errorText ?? ''}`,
          { stage, boardText: answer.errorText ?? '' },
        );
      if (answer.phaseId === phaseId.end) return this.#end();
      if (this.#fastDevice !== null && stage.startsWith('uboot')) {
        if (stage === 'uboot-layout' && answer.phaseId === phaseId.flashLayout)
          return this.#fastboot(this.#fastDevice, this.#board);
        this.#record.log(`the board is past its layout stage (${stage}): DFU to the end`);
        this.#fastDevice = null;
      }
      if (answer.detachRequested) {
        answer = await this.#changeStage(stage);
        continue;
      }
      const sent = answer.phaseId;
      const next = await this.#send(stage, answer);
      if (next === null) {
        answer = await this.#changeStage(stage);
        continue;
      }
      answer = next;
      if (answer.phaseId === sent && !answer.detachRequested)
        throw new SessionFailure(
          'UNEXPECTED_PHASE',
          `the board asks for ${hex2(sent)} again right after taking it: it did not accept it`,
          { stage, partitionId: sent },
        );
    }
    throw new SessionFailure('UNEXPECTED_PHASE', 'the board kept asking for more than any layout holds');
  }

  /** The fast path from here (the board asks for its layout): the script, DETACH, then fastboot to the end. */
  #fastboot(device: string, board: OpenBoard | null): Promise<void> {
    if (board === null) throw new SessionFailure('INTERNAL_ERROR', 'no board is open');
    const detach = () => this.#detach(board.device);
    const [record, clock, watcher, session] = [this.#record, this.#clock, this.#watcher, this.#options];
    const leg = { board, device: mmcDevice(device), session, record, clock, watcher, detach };
    return runFastbootLeg({
      ...leg,
      enter: (stage) => this.#enter(stage),
      closeBoard: () => this.#closeBoard(),
    });
  }

  async #open(entry: UsbDeviceEntry): Promise<OpenBoard> {
    this.#board = await openBoard(this.#options.backend, entry, this.#dfuOptions());
    return this.#board;
  }

  #device(): DfuDevice {
    if (this.#board === null) throw new SessionFailure('INTERNAL_ERROR', 'no board is open');
    return this.#board.device;
  }

  #readPhase(): Promise<PhaseAnswer> {
    return readBoardPhase(this.#device());
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

  /**
   * Sends the image the board asks for; answers what it asks next, or null when the stage must be left by DETACH
   * first: MP13/MP25, whose ROM stays in DFU after the FSBL's manifestation until told (findings §4, §13: ST's
   * toolbox and snagboot detach whatever GetPhase would say; nobody has seen the ROM's answer there).
   */
  async #send(stage: Stage, answer: PhaseAnswer): Promise<PhaseAnswer | null> {
    const image = this.#record.imageFor(stage, answer.phaseId);
    const board = this.#board;
    if (board === null) throw new SessionFailure('INTERNAL_ERROR', 'no board is open');
    const from = resumeOffset(this.#sent.get(answer.phaseId) ?? 0, stage, answer, image.name);
    this.#options.console?.mark(
      `${stage.startsWith('uboot') ? 'flashing partition' : 'loading'} ${hex2(answer.phaseId)} ${image.name}`,
    );
    const kind = stage === 'rom' ? stageChangeKind(this.#soc, stage) : null;
    const leavesAlone = kind === 'same-handle';
    const { tracker, boardId } = this.#options;
    await sendImage({
      device: board.device,
      image,
      phase: answer.phaseId,
      from,
      stage,
      record: this.#record,
      clock: this.#clock,
      expectLeaveAfterManifest: leavesAlone,
      console: this.#options.console ?? null,
      stillPresent: async () => tracker.get(boardId)?.entry?.key === board.entry.key,
      onAcknowledged: (bytes) => this.#sent.set(answer.phaseId, bytes),
      ...(this.#options.signal === undefined ? {} : { signal: this.#options.signal }),
    });
    if (stage === 'uboot-partitions') await this.#verifier?.afterWrite(board.device, answer.phaseId, image);
    if (kind !== null && !leavesAlone) return null;
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
    await this.#detach(board.device);
    if (stageChangeKind(this.#soc, stage) === 'same-handle-or-reenumeration') {
      const answer = await board.device.getPhase().catch(() => null);
      if (answer !== null && answer.phaseId !== phaseId.fsbl && !answer.detachRequested) return answer;
    }
    await this.#closeBoard();
    this.#options.console?.mark(`waiting for the board to come back as ${expected}`);
    const returned = await this.#watcher.reconnect(board.entry.key, expected, this.#options.signal);
    this.#board = returned;
    warnFullSpeed(returned.identity, this.#record);
    const returnedStage = stageOf(returned.answer, returned.identity.product, null);
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
      const why = error instanceof Error ? error.message : String(error);
      this.#record.log(`DETACH: ${why} (the board may have left)`);
    }
  }

  /** Phase END (a `verify` plan reads back here): DETACH lets U-Boot leave its loop; a bus reset right after it (`resetAtEnd`) resets the board. */
  async #end(): Promise<void> {
    await this.#verifier?.atEnd(this.#device(), this.#options.plan);
    await this.#detach(this.#device());
    if (this.#options.resetAtEnd === true)
      await this.#board?.transport.reset().then(
        () => this.#record.log('bus reset after the last DETACH: the board resets'),
        (error: unknown) =>
          this.#record.log(`bus reset after DETACH: ${String(error)} (the board may have left)`),
      );
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
