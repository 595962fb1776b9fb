import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dfuRequest, dfuState } from '../../protocol/dfu';
import { addFault, noFaults } from '../board/board-faults';
import type { PhaseImages } from '../conformance/phase-led-run';
import { phaseLedRun } from '../conformance/phase-led-run';
import {
  altForPhase,
  alternateNames,
  getStatus,
  openClaimed,
  simpleRequest,
  upload,
  waitForDevice,
} from '../conformance/raw-dfu-host';
import { stm32Image } from '../conformance/test-images';
import type { BoardFarm } from '../sim/board-farm';
import { startBoardFarm } from '../sim/board-farm';

/** MP15, 2019 flow: TF-A hands the layout to U-Boot, whose one gadget offers the partition alts. */
const layout = 'P\t0x04\tfsbl1\tBinary\tmmc0\t0x4400\tf\nP\t0x10\trootfs\tFileSystem\tmmc0\t0x44400\tr\n';
const images: PhaseImages = new Map([
  [0x01, stm32Image('v1_0', 20_000)],
  [0x00, new TextEncoder().encode(layout)],
  [0x03, stm32Image('v1_0', 30_000)],
]);

describe("U-Boot's UPLOAD on a partition alternate (drivers/dfu/dfu.c, f_dfu.c)", () => {
  let dir = '';
  let farm: BoardFarm | null = null;
  afterEach(async () => {
    await farm?.close();
    farm = null;
    await rm(dir, { recursive: true, force: true });
  });

  it('ABORT leaves a partial read open: reading the same alt again from block 0 fails; another alt reads', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vboard-reads-'));
    farm = await startBoardFarm({
      count: 1,
      soc: 'mp15',
      generation: '2019',
      faults: [noFaults],
      speed: { kind: 'fast' },
      storageDir: dir,
    });
    const record = await phaseLedRun(farm.backend, images, { stopAfterDetaches: 1 });
    const entry = await waitForDevice(farm.backend, (candidate) => candidate.key !== record.detached?.key);
    const transport = await openClaimed(farm.backend, entry);
    const names = await alternateNames(transport);
    await transport.setAlternateSetting(0, altForPhase(names, 0x10));
    expect(await upload(transport, 4096, 0)).toHaveLength(4096);
    expect(await upload(transport, 4096, 1)).toHaveLength(4096);
    expect((await getStatus(transport)).state).toBe(dfuState.dfuUploadIdle);
    await simpleRequest(transport, dfuRequest.abort);
    expect((await getStatus(transport)).state).toBe(dfuState.dfuIdle);
    await transport.setAlternateSetting(0, altForPhase(names, 0x10));
    await expect(upload(transport, 4096, 0)).rejects.toMatchObject({ code: 'stall' });
    expect(await getStatus(transport)).toMatchObject({ state: dfuState.dfuUploadIdle, status: 0 });
    expect(farm.boards[0]!.console.lines()).toContain('dfu_read: Wrong sequence number! [2] [0]');
    await transport.setAlternateSetting(0, altForPhase(names, 0x04));
    expect(await upload(transport, 4096, 0)).toHaveLength(4096);
  });

  it('the corrupt fault parses as corrupt=<id>[:<offset>]', () => {
    expect(addFault(noFaults, 'corrupt=0x22')).toMatchObject({
      corrupt: { partitionId: 0x22, offset: null },
    });
    expect(addFault(noFaults, 'corrupt=0x22:0x1000')).toMatchObject({
      corrupt: { partitionId: 0x22, offset: 0x1000 },
    });
    expect(addFault(noFaults, 'corrupt=rootfs')).toMatch(/corrupt expects a partition id/);
  });
});
