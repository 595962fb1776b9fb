import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Soc } from '../../../shared/board';
import { stm32HeaderVersionBySoc } from '../../protocol/stm32-header';
import type { UsbDeviceEntry } from '../../usb/usb-backend';
import { noFaults } from '../board/board-faults';
import type { BoardFarm } from '../sim/board-farm';
import { startBoardFarm } from '../sim/board-farm';
import { alternateNames, openClaimed } from './raw-dfu-host';
import { phaseLedRun } from './phase-led-run';
import { dataImage, fipImage, stm32Image } from './test-images';

const layoutFor = (soc: Soc): string =>
  [
    '#Opt\tId\tName\tType\tIP\tOffset\tBinary',
    '-\t0x01\tfsbl-boot\tBinary\tnone\t0x0\ttf-a.stm32',
    ...(soc === 'mp25' ? ['-\t0x02\tfip-ddr\tFIP\tnone\t0x0\tfip-ddr.bin'] : []),
    '-\t0x03\tfip-boot\tFIP\tnone\t0x0\tfip.bin',
    'P\t0x04\tfsbl1\tBinary\tmmc0\t0x00004400\ttf-a.stm32',
    'P\t0x05\tfsbl2\tBinary\tmmc0\t0x00044400\ttf-a.stm32',
    'P\t0x06\tfip\tFIP\tmmc0\t0x00084400\tfip.bin',
    'P\t0x10\trootfs\tFileSystem\tmmc0\t0x00484400\trootfs.ext4',
    '',
  ].join('\n');

const expected: Record<Soc, { enumerations: number; stages: string[] }> = {
  mp15: { enumerations: 3, stages: ['rom', 'tfa', 'uboot-layout', 'uboot-partitions', 'done'] },
  mp13: { enumerations: 4, stages: ['rom', 'tfa', 'uboot-layout', 'uboot-partitions', 'done'] },
  mp25: { enumerations: 5, stages: ['rom', 'tfa-ddr', 'tfa', 'uboot-layout', 'uboot-partitions', 'done'] },
};

describe('a current-firmware run, led by GetPhase over raw transfers', () => {
  let dir = '';
  let farm: BoardFarm | null = null;
  afterEach(async () => {
    await farm?.close();
    farm = null;
    await rm(dir, { recursive: true, force: true });
  });

  it.each(['mp15', 'mp13', 'mp25'] as const)(
    '%s: enumerations, stages, identities, U-Boot alternates and status sequences (model choices romAltsMp13Mp25, romAnswerAfterFsbl, mp2RomDetachReenumerates)',
    async (soc) => {
      dir = await mkdtemp(join(tmpdir(), `vboard-${soc}-`));
      farm = await startBoardFarm({
        count: 1,
        soc,
        generation: 'current',
        faults: [noFaults],
        speed: { kind: 'fast' },
        storageDir: dir,
      });
      const fsbl = stm32Image(stm32HeaderVersionBySoc[soc], 40_000);
      const fip = fipImage(300_000);
      const images = new Map<number, Uint8Array>([
        [0x00, new TextEncoder().encode(layoutFor(soc))],
        [0x01, fsbl],
        [0x02, fipImage(20_000)],
        [0x03, fip],
        [0x04, fsbl],
        [0x05, fsbl],
        [0x06, fip],
        [0x10, dataImage(100_000)],
      ]);
      const attached: UsbDeviceEntry[] = [];
      farm.backend.on('attach', (entry) => attached.push(entry));
      let partitionAlts: string[] = [];
      farm.backend.on('attach', (entry) => {
        if (!entry.identity.product?.startsWith('USB download')) return;
        void openClaimed(farm!.backend, entry).then(async (t) => {
          partitionAlts = await alternateNames(t);
          await t.close();
        });
      });
      const record = await phaseLedRun(farm.backend, images);
      const board = farm.boards[0]!;
      await new Promise((resolve) => setTimeout(resolve, 20));

      expect(1 + attached.length).toBe(expected[soc].enumerations);
      expect(board.stageHistory).toEqual(expected[soc].stages);
      expect(new Set(attached.map((entry) => entry.identity.portNumbers.join('.')))).toEqual(new Set(['1']));
      expect(new Set(attached.map((entry) => entry.identity.serial))).toEqual(
        new Set([board.identity().serial]),
      );
      expect(record.phases.filter((phase) => phase !== 0x00)).toEqual(
        soc === 'mp25'
          ? [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x10, 0xfe]
          : [0x01, 0x03, 0x04, 0x05, 0x06, 0x10, 0xfe],
      );
      expect(partitionAlts).toEqual([
        '@fsbl1/0x04/1*256Ke',
        '@fsbl2/0x05/1*256Ke',
        '@fip/0x06/1*4Me',
        expect.stringMatching(/^@rootfs\/0x10\/1\*\d+Me$/),
        '@virtual/0xf1/1*512Be',
        `@OTP/0xf2/1*${soc === 'mp25' ? 2952 : 776}Be`,
        '@PMIC/0xf4/1*8Be',
      ]);
      // DFU status sequences per stage: first block's GETSTATUS replies (state/bwPollTimeout) and manifestation.
      const downloads = record.steps.filter((step) => step.kind === 'download');
      const rom = downloads.find((step) => step.phase === 0x01);
      const tfa = downloads.find((step) => step.phase === 0x03);
      const uboot = downloads.find((step) => step.phase === 0x10);
      expect(rom?.blockStatus).toEqual(['4/1', '5/1']);
      expect(tfa?.blockStatus).toEqual(['3/0', '5/0']);
      expect(tfa?.manifestStates).toEqual([7, 2]);
      expect(uboot?.blockStatus).toEqual(['5/0']);
      expect(uboot?.manifestStates).toEqual([7, 2]);
      if (soc === 'mp15') expect(record.steps[0]?.kind).toBe('same-handle');
      else expect(rom?.manifestStates).toEqual([7, 2]);
    },
  );

  it('mp25: the Revision ID and product change from ROM to TF-A while the serial stays (model choice revisionIdsPerStage)', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vboard-mp25-ids-'));
    farm = await startBoardFarm({
      count: 1,
      soc: 'mp25',
      generation: 'current',
      faults: [noFaults],
      speed: { kind: 'fast' },
      storageDir: dir,
    });
    const products: (string | null)[] = [];
    const serials: (string | null)[] = [];
    farm.backend.on('attach', (entry) => {
      products.push(entry.identity.product);
      serials.push(entry.identity.serial);
    });
    const [rom] = await farm.backend.list();
    products.unshift(rom?.identity.product ?? null);
    serials.unshift(rom?.identity.serial ?? null);
    await phaseLedRun(
      farm.backend,
      new Map([
        [0x01, stm32Image('v2_2', 30_000)],
        [0x02, fipImage(10_000)],
        [0x03, fipImage(50_000)],
        [0x00, new TextEncoder().encode('P\t0x10\tdata\tBinary\tmmc0\t0x4400\tx\n')],
        [0x10, dataImage(8192)],
      ]),
    );
    expect(products.slice(0, 3)).toEqual([
      'DFU in HS Mode @Device ID /0x505, @Revision ID /0x2000',
      'DFU @Device ID /0x505, @Revision ID /0x0011, @Name /STM32MP257FAI Rev.Y,',
      'DFU @Device ID /0x505, @Revision ID /0x0011, @Name /STM32MP257FAI Rev.Y,',
    ]);
    expect(products[3]).toBe(
      'USB download gadget@Device ID /0x505, @Revision ID /0x0011, @Name /STM32MP257FAI Rev.Y,',
    );
    expect(new Set(serials).size).toBe(1);
    expect(serials[0]).toMatch(/^[0-9A-F]{24}$/);
  });
});
