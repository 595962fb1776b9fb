import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dfuRequest } from '../protocol/dfu';
import type { UsbDeviceEntry } from '../usb/usb-backend';
import { UsbError } from '../usb/usb-error';
import type { BoardFaults } from './board/board-faults';
import { addFault, noFaults } from './board/board-faults';
import type { PhaseImages } from './conformance/phase-led-run';
import { phaseLedRun } from './conformance/phase-led-run';
import {
  altForPhase,
  alternateNames,
  dnload,
  getPhase,
  getStatus,
  openClaimed,
  simpleRequest,
  waitForDevice,
} from './conformance/raw-dfu-host';
import { dataImage, stm32Image } from './conformance/test-images';
import type { BoardFarm } from './sim/board-farm';
import { startBoardFarm } from './sim/board-farm';

/** MP15, 2019 flow: one re-enumerating stage change (TF-A → U-Boot); partition 0x10 has 16 U-Boot blocks. */
const layout = 'P\t0x04\tfsbl1\tBinary\tmmc0\t0x4400\tf\nP\t0x10\trootfs\tFileSystem\tmmc0\t0x44400\tr\n';
const images: PhaseImages = new Map([
  [0x01, stm32Image('v1_0', 20_000)],
  [0x00, new TextEncoder().encode(layout)],
  [0x03, stm32Image('v1_0', 30_000)],
  [0x04, dataImage(8192)],
  [0x10, dataImage(16 * 4096)],
]);

function faultsOf(text: string): BoardFaults {
  return text.split(',').reduce<BoardFaults>((faults, item) => {
    const next = addFault(faults, item);
    if (typeof next === 'string') throw new Error(next);
    return next;
  }, noFaults);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('faults: what a host sees', () => {
  let dir = '';
  let farm: BoardFarm | null = null;
  afterEach(async () => {
    await farm?.close();
    farm = null;
    await rm(dir, { recursive: true, force: true });
  });

  async function start(fault: string): Promise<BoardFarm> {
    dir = await mkdtemp(join(tmpdir(), 'vboard-fault-'));
    farm = await startBoardFarm({
      count: 1,
      soc: 'mp15',
      generation: '2019',
      faults: [fault === '' ? noFaults : faultsOf(fault)],
      speed: { kind: 'fast' },
      storageDir: dir,
    });
    return farm;
  }

  /** Runs up to the TF-A → U-Boot DETACH and collects what the bus does in the next `ms`. */
  async function detachAndWatch(
    board: BoardFarm,
    ms: number,
  ): Promise<{ left: UsbDeviceEntry[]; came: UsbDeviceEntry[]; at: number[] }> {
    const left: UsbDeviceEntry[] = [];
    const came: UsbDeviceEntry[] = [];
    const at: number[] = [];
    board.backend.on('detach', (entry) => left.push(entry));
    const record = await phaseLedRun(board.backend, images, { stopAfterDetaches: 1 });
    const t0 = Date.now();
    board.backend.on('attach', (entry) => {
      came.push(entry);
      at.push(Date.now() - t0);
    });
    expect(record.detached).toBeDefined();
    await sleep(ms);
    return { left, came, at };
  }

  it('no-detach: the DETACH is accepted but the stage never leaves; the handle keeps answering', async () => {
    const board = await start('no-detach');
    const { left, came } = await detachAndWatch(board, 100);
    expect(left).toEqual([]);
    expect(came).toEqual([]);
    const [entry] = await board.backend.list();
    const transport = await openClaimed(board.backend, entry!);
    const phase = await getPhase(transport, await alternateNames(transport));
    expect(phase.phase).toBe(0x00);
    expect(phase.extra[0]).toBe(1);
  });

  it('no-return: the board leaves and never comes back, yet U-Boot runs and prints its console', async () => {
    const board = await start('no-return');
    const { left, came } = await detachAndWatch(board, 100);
    expect(left).toHaveLength(1);
    expect(came).toEqual([]);
    expect(await board.backend.list()).toEqual([]);
    expect(board.boards[0]!.console.lines()).toContain('DFU alt info setting: done');
  });

  it('slow-return=300: comes back only after its own delay, in real time even in fast mode', async () => {
    const board = await start('slow-return=300');
    const { came, at } = await detachAndWatch(board, 500);
    expect(came).toHaveLength(1);
    expect(at[0]).toBeGreaterThanOrEqual(280);
  });

  it('full-speed: every stage on a 12 Mbit/s link while the ROM string still says HS (model choice romSaysHsBehindFullSpeed)', async () => {
    const board = await start('full-speed');
    const [rom] = await board.backend.list();
    expect(rom?.identity.speed).toBe('full');
    expect(rom?.identity.product).toContain('DFU in HS Mode');
    const { came } = await detachAndWatch(board, 50);
    expect(came[0]?.identity.speed).toBe('full');
  });

  it('other-port: comes back on another port path with the same serial (model choice otherPortIsOtherBus)', async () => {
    const board = await start('other-port');
    const [rom] = await board.backend.list();
    const { came } = await detachAndWatch(board, 50);
    expect(came[0]?.identity.busNumber).not.toBe(rom?.identity.busNumber);
    expect(came[0]?.identity.serial).toBe(rom?.identity.serial);
  });

  it('unopenable: from the first re-enumeration on, visible but open fails with access', async () => {
    const board = await start('unopenable');
    const { came } = await detachAndWatch(board, 50);
    expect(came).toHaveLength(1);
    await expect(board.backend.open(came[0]!)).rejects.toMatchObject({ code: 'access' });
  });

  it('no-serial: no serial string in any stage', async () => {
    const board = await start('no-serial');
    const [rom] = await board.backend.list();
    const transport = await board.backend.open(rom!);
    expect(rom?.identity.serial).toBeNull();
    expect(transport.deviceDescriptor.iSerialNumber).toBe(0);
    await transport.close();
    const { came } = await detachAndWatch(board, 50);
    expect(came[0]?.identity.serial).toBeNull();
  });

  it('no-serial,other-port: comes back elsewhere with nothing to match it by', async () => {
    const board = await start('no-serial,other-port');
    const [rom] = await board.backend.list();
    const { came } = await detachAndWatch(board, 50);
    expect(came[0]?.identity.serial).toBeNull();
    expect(came[0]?.identity.busNumber).not.toBe(rom?.identity.busNumber);
  });

  it('unplug=0x10:2: the DNLOAD of block 2 fails with no-device and the board is gone for good', async () => {
    const board = await start('unplug=0x10:2');
    const error = await phaseLedRun(board.backend, images).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsbError);
    expect(error).toMatchObject({ code: 'no-device' });
    await sleep(50);
    expect(await board.backend.list()).toEqual([]);
  });

  it('stall=0x10:1: block 1 fails with a transfer error and the board stays, in dfuERROR/errUNKNOWN', async () => {
    const board = await start('stall=0x10:1');
    const error = await phaseLedRun(board.backend, images).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'stall' });
    const [entry] = await board.backend.list();
    expect(entry?.identity.product).toMatch(/^USB download gadget/);
    const transport = await openClaimed(board.backend, entry!);
    expect(await getStatus(transport)).toMatchObject({ state: 10, status: 0x0e });
  });

  it('bad-status=0x10: U-Boot reports its write error: dfuERROR, then GetPhase 0xFF with the text', async () => {
    const board = await start('bad-status=0x10');
    const error = await phaseLedRun(board.backend, images).catch((caught: unknown) => caught);
    expect(String(error)).toMatch(/state 10|board error/);
    const [entry] = await board.backend.list();
    const transport = await openClaimed(board.backend, entry!);
    const names = await alternateNames(transport);
    await transport.setAlternateSetting(0, altForPhase(names, 0x10));
    const status = await getStatus(transport);
    if (status.state === 10) await simpleRequest(transport, dfuRequest.clrStatus);
    const phase = await getPhase(transport, names);
    expect(phase.phase).toBe(0xff);
    expect(Buffer.from(phase.extra).toString('latin1')).toBe('DFU write error');
    expect(board.boards[0]!.console.lines()).toContain('Error: DFU write error');
  });

  /** An ENOSPC write error, as a full host disk gives it. */
  const diskFull = (): Error =>
    Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

  /** After a failed run: the board's GetPhase answer on the partition alts, and its console. */
  async function boardErrorAfter(
    board: BoardFarm,
  ): Promise<{ phase: number; text: string; lines: readonly string[] }> {
    const error = await phaseLedRun(board.backend, images).catch((caught: unknown) => caught);
    expect(String(error)).toMatch(/state 10|board error/);
    const [entry] = await board.backend.list();
    const transport = await openClaimed(board.backend, entry!);
    const names = await alternateNames(transport);
    if ((await getStatus(transport)).state === 10) await simpleRequest(transport, dfuRequest.clrStatus);
    const phase = await getPhase(transport, names);
    return {
      phase: phase.phase,
      text: Buffer.from(phase.extra).toString('latin1'),
      lines: board.boards[0]!.console.lines(),
    };
  }

  it("a host disk that fills up mid-partition: the board's memory write fails (DFU write error), the simulation names its disk", async () => {
    const board = await start('');
    // rootfs (0x10) is at 0x44400: its third block on is refused.
    board.boards[0]!.storage.failWrites((memory, offset) =>
      memory === 'mmc0' && offset >= 0x44400 + 2 * 4096 && offset < 0x44400 + 16 * 4096 ? diskFull() : null,
    );
    const { phase, text, lines } = await boardErrorAfter(board);
    expect(phase).toBe(0xff);
    expect(text).toBe('DFU write error');
    expect(lines).toContain('Error: DFU write error');
    expect(lines.join('\n')).toMatch(
      /\[simulation\] cannot write the virtual board's mmc0 in .*: the host disk holding .* is full/,
    );
  });

  it('a host disk full from the start: the GPT cannot be written, U-Boot says so through GetPhase', async () => {
    const board = await start('');
    board.boards[0]!.storage.failWrites(() => diskFull());
    const { phase, text, lines } = await boardErrorAfter(board);
    expect(phase).toBe(0xff);
    expect(text).toBe('GPT partitionning fail: gpt write mmc 0');
    expect(lines.join('\n')).toMatch(
      /Writing GPT : error!\n\[simulation\] cannot write the virtual board's mmc0/,
    );
  });

  it("a host disk that refuses an erase (a PD line): U-Boot's MMC erase failure, through GetPhase", async () => {
    const board = await start('');
    board.boards[0]!.storage.failWrites((memory, offset) => (offset === 0x44400 ? diskFull() : null));
    const erasing = new Map(images).set(
      0x00,
      new TextEncoder().encode(layout.replace('P\t0x10', 'PD\t0x10')),
    );
    const error = await phaseLedRun(board.backend, erasing).catch((caught: unknown) => caught);
    expect(String(error)).toMatch(/state 10|board error/);
    const [entry] = await board.backend.list();
    const transport = await openClaimed(board.backend, entry!);
    const phase = await getPhase(transport, await alternateNames(transport));
    expect(phase.phase).toBe(0xff);
    expect(Buffer.from(phase.extra).toString('latin1')).toBe('rootfs (0x10): MMC erase failed');
    expect(board.boards[0]!.console.lines().join('\n')).toMatch(
      /Erasing rootfs on mmc 0: \n\[simulation\] cannot write the virtual board's mmc0/,
    );
  });

  it('brownout: at the next re-enumerating stage change the board comes back in the ROM code', async () => {
    const board = await start('brownout');
    const { came } = await detachAndWatch(board, 50);
    expect(came[0]?.identity.product).toBe('DFU in HS Mode @Device ID /0x500, @Revision ID /0x0000');
    const transport = await openClaimed(board.backend, came[0]!);
    expect((await getPhase(transport, await alternateNames(transport))).phase).toBe(0x01);
  });

  it('a stale handle after a re-enumeration fails with no-device', async () => {
    const board = await start('');
    const [rom] = await board.backend.list();
    const stale = await openClaimed(board.backend, rom!);
    const { came } = await detachAndWatch(board, 50);
    expect(came).toHaveLength(1);
    await expect(dnload(stale, 0, new Uint8Array(4))).rejects.toMatchObject({ code: 'no-device' });
    await waitForDevice(board.backend);
  });

  it('a bus reset right after a DETACH makes U-Boot reset the board into the ROM code (spec §1.4)', async () => {
    const board = await start('');
    const { came } = await detachAndWatch(board, 20);
    const transport = await openClaimed(board.backend, came[0]!);
    const back = waitForDevice(board.backend, (entry) => entry.key !== came[0]?.key);
    await simpleRequest(transport, dfuRequest.detach, 1000);
    await transport.reset();
    expect((await back).identity.product).toBe('DFU in HS Mode @Device ID /0x500, @Revision ID /0x0000');
    expect(board.boards[0]!.console.lines()).not.toContain('Download done');
  });

  it('parses fault lists and refuses unknown ones', () => {
    expect(faultsOf('brownout=2,stall=0x22:5')).toMatchObject({
      brownouts: 2,
      stall: { partitionId: 0x22, block: 5 },
    });
    expect(addFault(noFaults, 'melt')).toMatch(/unknown fault 'melt'/);
    expect(addFault(noFaults, 'stall=0x22')).toMatch(/expects <partId>:<block>/);
  });
});
