import { describe, expect, it } from 'vitest';
import { dfuRequest } from '../../protocol/dfu';
import { UsbError } from '../../usb/usb-error';
import type { ControlSetup } from '../../usb/usb-transport';
import { FakeClock, FakeDfuTransport } from '../dfu/dfu-transport.fake';
import { openReturnedBoard } from './returned-board';
import { entry, phaseBytes, ScriptedBackend, ScriptedClock } from './scripted-backend.fake';

const alternates = ['@rootfs/0x21/1*64Me', '@boot/0x22/1*64Me', '@virtual/0xf1/1*512Be'];

/**
 * A board just back from a stage change: its alternate names (string indexes 4…) read as nothing until
 * `namesAt` (only `lateName` when given), and GetPhase fails with `phaseFails` until `phaseAt`.
 */
class WakingBoard extends FakeDfuTransport {
  phaseTries: number[] = [];
  constructor(
    readonly clock: ScriptedClock,
    readonly waking: {
      namesAt?: number;
      lateName?: number;
      phaseAt?: number;
      phaseFails?: () => Error;
    } = {},
  ) {
    super({ alternates, uploadAnswer: phaseBytes(0x21) }, new FakeClock());
  }

  override getStringDescriptor(index: number): Promise<string | null> {
    const late = this.waking.lateName === undefined ? index >= 4 : index === this.waking.lateName;
    if (late && this.clock.now() < (this.waking.namesAt ?? 0)) return Promise.resolve(null);
    return super.getStringDescriptor(index);
  }

  override controlTransferIn(setup: ControlSetup, length: number, timeoutMs: number): Promise<Uint8Array> {
    if (setup.request === dfuRequest.upload) {
      this.phaseTries.push(this.clock.now());
      if (this.clock.now() < (this.waking.phaseAt ?? 0))
        return Promise.reject(
          (this.waking.phaseFails ?? (() => new UsbError('stall', 'LIBUSB_ERROR_PIPE')))(),
        );
    }
    return super.controlTransferIn(setup, length, timeoutMs);
  }
}

function returning(board: WakingBoard | (() => never)) {
  const backend = new ScriptedBackend([]);
  backend.transports.set('k2', board instanceof WakingBoard ? () => board : board);
  return backend;
}

const options = (backend: ScriptedBackend, clock: ScriptedClock, signal?: AbortSignal) => ({
  backend,
  clock,
  readyMs: 1000,
  pollMs: 100,
  ...(signal === undefined ? {} : { signal }),
});

describe('opening a board that came back', () => {
  it('waits until every alternate has its name, then answers the phase', async () => {
    const clock = new ScriptedClock();
    const board = new WakingBoard(clock, { namesAt: 300 });
    const outcome = await openReturnedBoard(entry('k2'), 'serial', options(returning(board), clock));
    expect(outcome).toMatchObject({
      kind: 'ready',
      board: { matchedBy: 'serial', answer: { phaseId: 0x21 } },
    });
    expect(board.phaseTries).toEqual([300]);
  });

  it('one alternate still unnamed is not ready yet', async () => {
    const clock = new ScriptedClock();
    const board = new WakingBoard(clock, { namesAt: 200, lateName: 5 });
    const outcome = await openReturnedBoard(entry('k2'), 'slot', options(returning(board), clock));
    expect(outcome.kind).toBe('ready');
    expect(board.phaseTries).toEqual([200]);
  });

  it('retries a GetPhase that fails while the new stage starts, within the ready deadline', async () => {
    const clock = new ScriptedClock();
    const board = new WakingBoard(clock, { phaseAt: 300 });
    const outcome = await openReturnedBoard(entry('k2'), 'serial', options(returning(board), clock));
    expect(outcome.kind).toBe('ready');
    expect(board.phaseTries).toEqual([0, 100, 200, 300]);
  });

  it('gives a board that never answers up exactly at the ready deadline, and closes it', async () => {
    const clock = new ScriptedClock();
    clock.time = 5000;
    const board = new WakingBoard(clock, { phaseAt: Number.POSITIVE_INFINITY });
    const outcome = await openReturnedBoard(entry('k2'), 'serial', options(returning(board), clock));
    expect(outcome).toEqual({ kind: 'gone' });
    expect(board.phaseTries).toEqual([5000, 5100, 5200, 5300, 5400, 5500, 5600, 5700, 5800, 5900, 6000]);
    expect(board.closed).toBe(true);
  });

  it('gives a board whose alternate names never come up at the ready deadline too', async () => {
    const clock = new ScriptedClock();
    const board = new WakingBoard(clock, { namesAt: Number.POSITIVE_INFINITY });
    const sleep = clock.sleep.bind(clock);
    clock.sleep = (ms, signal) => {
      if (clock.now() > 60_000) throw new Error('still waiting a minute later');
      return sleep(ms, signal);
    };
    const outcome = await openReturnedBoard(entry('k2'), 'serial', options(returning(board), clock));
    expect(outcome).toEqual({ kind: 'gone' });
    expect(clock.now()).toBe(1000);
    expect(board.closed).toBe(true);
  });

  it('a board that leaves again while it is awaited is gone at once', async () => {
    const clock = new ScriptedClock();
    const board = new WakingBoard(clock, {
      phaseAt: Number.POSITIVE_INFINITY,
      phaseFails: () => new UsbError('no-device', 'LIBUSB_ERROR_NO_DEVICE'),
    });
    const outcome = await openReturnedBoard(entry('k2'), 'serial', options(returning(board), clock));
    expect(outcome).toEqual({ kind: 'gone' });
    expect(board.phaseTries).toEqual([0]);
    expect(board.closed).toBe(true);
  });

  it('a run cancelled while it waits hears its own reason, not "gone"', async () => {
    const controller = new AbortController();
    const reason = new Error('cancelled by the user');
    const clock = new ScriptedClock().at(250, () => controller.abort(reason));
    const board = new WakingBoard(clock, { phaseAt: Number.POSITIVE_INFINITY });
    await expect(
      openReturnedBoard(entry('k2'), 'serial', options(returning(board), clock, controller.signal)),
    ).rejects.toBe(reason);
    expect(board.closed).toBe(true);
  });

  it('an open the host refuses is a refusal with its code, words and hint; a vanished device is gone', async () => {
    const clock = new ScriptedClock();
    const refused = Object.assign(new UsbError('busy', 'LIBUSB_ERROR_BUSY'), {
      hint: 'close the other program',
    });
    const busy = returning(() => {
      throw refused;
    });
    expect(await openReturnedBoard(entry('k2'), 'serial', options(busy, clock))).toEqual({
      kind: 'refused',
      code: 'busy',
      message: 'LIBUSB_ERROR_BUSY',
      hint: 'close the other program',
    });
    const plain = returning(() => {
      throw new UsbError('access', 'LIBUSB_ERROR_ACCESS');
    });
    expect(await openReturnedBoard(entry('k2'), 'serial', options(plain, clock))).toEqual({
      kind: 'refused',
      code: 'access',
      message: 'LIBUSB_ERROR_ACCESS',
      hint: undefined,
    });
    const notText = returning(() => {
      throw Object.assign(new UsbError('not-supported', 'LIBUSB_ERROR_NOT_SUPPORTED'), {
        hint: { os: 'win32' },
      });
    });
    expect(await openReturnedBoard(entry('k2'), 'serial', options(notText, clock))).toEqual({
      kind: 'refused',
      code: 'not-supported',
      message: 'LIBUSB_ERROR_NOT_SUPPORTED',
      hint: undefined,
    });
    const gone = returning(() => {
      throw new UsbError('no-device', 'LIBUSB_ERROR_NO_DEVICE');
    });
    expect(await openReturnedBoard(entry('k2'), 'serial', options(gone, clock))).toEqual({ kind: 'gone' });
    const odd = returning(() => {
      throw new Error('not a USB error');
    });
    expect(await openReturnedBoard(entry('k2'), 'serial', options(odd, clock))).toEqual({ kind: 'gone' });
  });
});
