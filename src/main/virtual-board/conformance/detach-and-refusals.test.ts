import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Soc } from '../../../shared/board';
import { dfuRequest, dfuState, dfuStatus } from '../../protocol/dfu';
import { stm32HeaderVersionBySoc } from '../../protocol/stm32-header';
import type { UsbTransport } from '../../usb/usb-transport';
import { noFaults } from '../board/board-faults';
import type { BoardFarm } from '../sim/board-farm';
import type { SpeedMode } from '../timing/speed-mode';
import { startBoardFarm } from '../sim/board-farm';
import { phaseLedRun } from './phase-led-run';
import {
  altForPhase,
  alternateNames,
  dnload,
  downloadBlocks,
  getPhase,
  getStatus,
  manifest,
  openClaimed,
  simpleRequest,
  transferSize,
  waitForDevice,
} from './raw-dfu-host';
import { fipImage, stm32Image } from './test-images';

const layout = [
  '#Opt\tId\tName\tType\tIP\tOffset\tBinary',
  '-\t0x01\tfsbl-boot\tBinary\tnone\t0x0\ttf-a.stm32',
  '-\t0x03\tfip-boot\tFIP\tnone\t0x0\tfip.bin',
  'P\t0x04\tfsbl1\tBinary\tmmc0\t0x00004400\ttf-a.stm32',
  '',
].join('\n');

const settleMs = 60;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('DETACH and refusals as the firmware sources have them (findings §13)', () => {
  let dir = '';
  let farm: BoardFarm | null = null;
  afterEach(async () => {
    await farm?.close();
    farm = null;
    await rm(dir, { recursive: true, force: true });
  });

  async function start(soc: Soc, speed: SpeedMode = { kind: 'fast' }): Promise<BoardFarm> {
    dir = await mkdtemp(join(tmpdir(), 'vboard-detach-'));
    farm = await startBoardFarm({
      count: 1,
      soc,
      generation: 'current',
      faults: [noFaults],
      speed,
      storageDir: dir,
    });
    return farm;
  }

  /** Runs an MP15 board up to U-Boot's partitions gadget and puts stm32prog in PHASE_RESET (SetPhase 0x42). */
  async function ubootInPhaseReset(): Promise<{ board: BoardFarm; transport: UsbTransport }> {
    const board = await start('mp15');
    const fsbl = stm32Image(stm32HeaderVersionBySoc.mp15, 8192);
    const images = new Map([
      [0x00, new TextEncoder().encode(layout)],
      [0x01, fsbl],
      [0x03, fipImage(4096)],
    ]);
    const record = await phaseLedRun(board.backend, images, { stopAfterDetaches: 2 });
    const entry = await waitForDevice(board.backend, (candidate) => candidate.key !== record.detached?.key);
    expect(board.boards[0]?.stage).toBe('uboot-partitions');
    const transport = await openClaimed(board.backend, entry);
    const names = await alternateNames(transport);
    await downloadBlocks(transport, altForPhase(names, 0xf1), Uint8Array.of(0x42, 0, 0, 0, 0));
    await manifest(transport, 1);
    expect(board.boards[0]?.console.lines()).toContain('Error: invalid phase 0x42');
    return { board, transport };
  }

  it('U-Boot: a DETACH in PHASE_RESET does not reset; stm32prog ends with Download done (stm32prog_usb.c stm32prog_usb_loop)', async () => {
    const { board, transport } = await ubootInPhaseReset();
    expect((await getStatus(transport)).state).toBe(dfuState.dfuIdle);
    await simpleRequest(transport, dfuRequest.detach, 1000);
    await sleep(settleMs);
    const vboard = board.boards[0]!;
    expect(vboard.stage).toBe('done');
    expect(vboard.stageHistory.at(-2)).toBe('uboot-partitions');
    expect(vboard.console.lines()).toContain('Download done');
    expect(vboard.console.lines()).not.toContain('Reset...');
    expect(await board.backend.list()).toHaveLength(0);
  });

  it('U-Boot: after GetPhase read the error (PHASE_DO_RESET) the DETACH resets the board into the ROM (stm32prog_usb_loop, stm32prog_do_reset)', async () => {
    const { board, transport } = await ubootInPhaseReset();
    const phase = await getPhase(transport, await alternateNames(transport));
    expect(phase.phase).toBe(0xff);
    expect(board.boards[0]?.console.lines()).toContain('Reset requested');
    await simpleRequest(transport, dfuRequest.detach, 1000);
    const rom = await waitForDevice(
      board.backend,
      (entry) => entry.identity.product?.startsWith('DFU in') ?? false,
    );
    expect(rom.identity.product).toMatch(/^DFU in HS Mode/);
    expect(board.boards[0]?.stageHistory.at(-1)).toBe('rom');
    expect(board.boards[0]?.console.lines()).toContain('Reset...');
  });

  it('U-Boot: a bus reset right after the DETACH resets even in PHASE_RESET (common/dfu.c run_usb_dnl_gadget, dfu_usb_get_reset)', async () => {
    const { board, transport } = await ubootInPhaseReset();
    await simpleRequest(transport, dfuRequest.detach, 1000);
    await transport.reset();
    await waitForDevice(board.backend, (entry) => entry.identity.product?.startsWith('DFU in') ?? false);
    expect(board.boards[0]?.stageHistory.at(-1)).toBe('rom');
  });

  it('U-Boot FlashLayout gadget: after a layout error, even read through GetPhase, the DETACH does not reset (stm32prog_usb_loop returns ret = 0)', async () => {
    const board = await start('mp15');
    const images = new Map([
      [0x01, stm32Image(stm32HeaderVersionBySoc.mp15, 8192)],
      [0x03, fipImage(4096)],
    ]);
    const record = await phaseLedRun(board.backend, images, { stopAfterDetaches: 1 });
    const entry = await waitForDevice(board.backend, (candidate) => candidate.key !== record.detached?.key);
    expect(board.boards[0]?.stage).toBe('uboot-layout');
    const transport = await openClaimed(board.backend, entry);
    const names = await alternateNames(transport);
    await downloadBlocks(transport, altForPhase(names, 0x00), new TextEncoder().encode('not a layout\n'));
    await manifest(transport, 1);
    expect((await getPhase(transport, names)).phase).toBe(0xff);
    await simpleRequest(transport, dfuRequest.detach, 1000);
    await sleep(settleMs);
    const vboard = board.boards[0]!;
    expect(vboard.stage).toBe('done');
    expect(vboard.console.lines()).toContain('Download done');
    expect(vboard.console.lines()).not.toContain('Reset...');
  });

  it('TF-A: a DETACH before the FIP is complete ends its DFU loop (usb_dfu.c usb_dfu_detach; model choice tfaLoadWithoutFip)', async () => {
    const board = await start('mp13');
    const fsbl = stm32Image(stm32HeaderVersionBySoc.mp13, 8192);
    const record = await phaseLedRun(board.backend, new Map([[0x01, fsbl]]), { stopAfterDetaches: 1 });
    const entry = await waitForDevice(board.backend, (candidate) => candidate.key !== record.detached?.key);
    expect(board.boards[0]?.stage).toBe('tfa');
    const transport = await openClaimed(board.backend, entry);
    const names = await alternateNames(transport);
    await transport.setAlternateSetting(0, altForPhase(names, 0x03));
    await dnload(transport, 0, fipImage(4096).subarray(0, 1024));
    expect((await getStatus(transport)).state).toBe(dfuState.dfuDnloadSync);
    await simpleRequest(transport, dfuRequest.detach, 1000);
    await waitForDevice(board.backend, (candidate) => candidate.key !== entry.key);
    expect(board.boards[0]?.stageHistory.at(-1)).toBe('rom');
  });

  it.each<[string, SpeedMode]>([
    ['fast', { kind: 'fast' }],
    ['x100', { kind: 'scaled', factor: 100 }],
  ])(
    'TF-A DETACH on alt 0, then the kernel resets the port of the NEW enumeration: U-Boot goes on, no board reset (%s; spec §1.4, issue 21 item 1)',
    async (_name, speed) => {
      const board = await start('mp13', speed);
      const vboard = board.boards[0]!;
      const fsbl = stm32Image(stm32HeaderVersionBySoc.mp13, 8192);
      const record = await phaseLedRun(board.backend, new Map([[0x01, fsbl]]), { stopAfterDetaches: 1 });
      const tfaEntry = await waitForDevice(
        board.backend,
        (candidate) => candidate.key !== record.detached?.key,
      );
      expect(vboard.stage).toBe('tfa');
      const tfa = await openClaimed(board.backend, tfaEntry);
      const fip = fipImage(4096);
      // MP13 TF-A: alt 0 is `@SSBL /0x03` (stm32mp1_usb_dfu.c); dfu-util -a 0 -D fip.bin, then -a 0 -e.
      await downloadBlocks(tfa, 0, fip);
      await manifest(tfa, Math.ceil(fip.length / transferSize(tfa)));
      await simpleRequest(tfa, dfuRequest.detach, 1000);
      const layoutEntry = await waitForDevice(board.backend, (candidate) => candidate.key !== tfaEntry.key);
      expect(vboard.stage).toBe('uboot-layout');
      // The kernel's port reset while it enumerates the new device, before any request reaches it.
      const layoutGadget = await openClaimed(board.backend, layoutEntry);
      await layoutGadget.reset();
      const names = await alternateNames(layoutGadget);
      const flashLayout = new TextEncoder().encode(layout);
      await downloadBlocks(layoutGadget, altForPhase(names, 0x00), flashLayout);
      await manifest(layoutGadget, 1);
      await simpleRequest(layoutGadget, dfuRequest.detach, 1000);
      const partitions = await waitForDevice(board.backend, (candidate) => candidate.key !== layoutEntry.key);
      expect(partitions.identity.product).toMatch(/^USB download gadget/);
      expect(vboard.stage).toBe('uboot-partitions');
      expect(vboard.stageHistory).toEqual(['rom', 'tfa', 'uboot-layout', 'uboot-partitions']);
      expect(vboard.console.lines()).not.toContain('resetting ...');
    },
  );

  it('MP15 ROM refusing an FSBL: dfuMANIFEST/OK, then dfuERROR/errUNKNOWN, still on the bus in the ROM (model choice romBadFsbl, findings §13)', async () => {
    const board = await start('mp15');
    const entry = await waitForDevice(board.backend);
    const transport = await openClaimed(board.backend, entry);
    const names = await alternateNames(transport);
    const bad = stm32Image('v2_0', 8192);
    await downloadBlocks(transport, altForPhase(names, 0x01), bad);
    const replies = await manifest(transport, 2);
    expect(replies.map((reply) => [reply.state, reply.status])).toEqual([
      [dfuState.dfuManifest, dfuStatus.ok],
      [dfuState.dfuError, dfuStatus.errUnknown],
    ]);
    await sleep(settleMs);
    expect((await board.backend.list()).map((listed) => listed.key)).toEqual([entry.key]);
    expect(board.boards[0]?.stageHistory).toEqual(['rom']);
    await simpleRequest(transport, dfuRequest.clrStatus);
    expect(await getStatus(transport)).toMatchObject({ state: dfuState.dfuIdle, status: dfuStatus.ok });
  });
});
