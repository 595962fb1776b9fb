import { describe, expect, it } from 'vitest';
import type { FlashLayout } from '../layout/flash-layout';
import { parseFlashLayout } from '../layout/parse-flash-layout';
import type { FastPathInput } from './decide-fast-path';
import { decideFastPath } from './decide-fast-path';
import { parseUbootVersion } from './uboot-version';

function layoutOf(lines: readonly string[]): FlashLayout {
  return parseFlashLayout(`${lines.join('\n')}\n`).layout;
}

const boot = [
  '-\t0x01\tfsbl-boot\tBinary\tnone\t0x0\ttf-a-usb.stm32',
  '-\t0x03\tfip-boot\tFIP\tnone\t0x0\tfip.bin',
];
const sdcard = layoutOf([
  ...boot,
  'P\t0x04\tfsbl1\tBinary\tmmc0\t0x00004400\ttf-a.stm32',
  'P\t0x10\tbootfs\tSystem\tmmc0\t0x00984400\tbootfs.ext4',
  'P\t0x11\trootfs\tFileSystem\tmmc0\t0x04984400\trootfs.ext4',
]);
const emmc = layoutOf([
  ...boot,
  'P\t0x04\tfsbl1\tBinary\tmmc1\tboot1\ttf-a.stm32',
  'P\t0x05\tfsbl2\tBinary\tmmc1\tboot2\ttf-a.stm32',
  'P\t0x10\tbootfs\tSystem\tmmc1\t0x00280000\tbootfs.ext4',
]);

function input(overrides: Partial<FastPathInput> = {}): FastPathInput {
  return {
    mode: 'auto',
    layout: sdcard,
    soc: 'mp15',
    fip: {
      fileName: 'fip-stm32mp157f-dk2-optee-fastboot-sdcard.bin',
      uboot: parseUbootVersion('2023.10-stm32mp-r1'),
    },
    access: { state: 'yes' },
    verify: false,
    ...overrides,
  };
}

describe('deciding the fast path before anything is sent', () => {
  it('takes it when the layout, the U-Boot, its device and the host all allow it', () => {
    expect(decideFastPath(input())).toEqual({ path: 'fast', device: 'mmc0', warnings: [] });
    expect(decideFastPath(input({ mode: 'on' }))).toEqual({ path: 'fast', device: 'mmc0', warnings: [] });
  });

  it('is DFU without a reason when DFU is asked for', () => {
    expect(decideFastPath(input({ mode: 'off' }))).toEqual({ path: 'dfu', reason: null });
  });

  it('(a) keeps NOR, NAND and RawImage layouts on DFU, naming the line', () => {
    const nand = layoutOf([...boot, 'P\t0x10\tubifs\tSystem\tnand0\t0x00A00000\tfs.ubi']);
    expect(decideFastPath(input({ layout: nand }))).toEqual({
      path: 'dfu',
      reason: 'line 3 (ubifs) is on nand0: NOR and NAND stay on DFU',
    });
    const raw = layoutOf([...boot, 'P\t0x10\tsdcard\tRawImage\tmmc0\t0x0\tsdcard.img']);
    expect(decideFastPath(input({ layout: raw, mode: 'on' }))).toEqual({
      path: 'refused',
      code: 'FAST_PATH_UNAVAILABLE',
      reason: 'line 3 (sdcard) is a RawImage: a whole-memory image stays on DFU',
    });
    const both = layoutOf([
      ...boot,
      'P\t0x10\ta\tSystem\tmmc0\t0x4400\ta',
      'P\t0x11\tb\tSystem\tmmc1\t0x4400\tb',
    ]);
    expect(decideFastPath(input({ layout: both }))).toMatchObject({
      reason: expect.stringContaining('mmc0 and mmc1'),
    });
  });

  it('(b) needs a U-Boot that runs script images', () => {
    const old = { fileName: 'fip.bin', uboot: parseUbootVersion('2020.01-stm32mp-r2') };
    expect(decideFastPath(input({ fip: old }))).toEqual({
      path: 'dfu',
      reason:
        'U-Boot 2020.01-stm32mp-r2 in fip.bin does not run script images (ST’s fork since v2021.10-stm32mp-r1, upstream since v2022.07)',
    });
    expect(decideFastPath(input({ fip: { fileName: 'fip.bin', uboot: null } }))).toMatchObject({
      path: 'dfu',
      reason: 'no U-Boot version string was found in fip.bin',
    });
  });

  it('(c) needs the FIP’s fastboot device to be the layout’s memory', () => {
    const stock = {
      fileName: 'fip-stm32mp157f-dk2-optee.bin',
      uboot: parseUbootVersion('2023.10-stm32mp-r1'),
    };
    expect(decideFastPath(input({ fip: stock }))).toEqual({
      path: 'dfu',
      reason:
        'the layout writes mmc0 but a stock STM32MP15 FIP flashes mmc1; an ST …-fastboot-sdcard… FIP or --fast-device mmc0 would match',
    });
    expect(decideFastPath(input({ fip: stock, layout: emmc }))).toEqual({
      path: 'fast',
      device: 'mmc1',
      warnings: [],
    });
    expect(decideFastPath(input({ fip: stock, soc: 'mp13' }))).toEqual({
      path: 'fast',
      device: 'mmc0',
      warnings: [],
    });
    const emmcFip = { ...stock, fileName: 'fip-stm32mp135f-dk-optee-fastboot-emmc.bin' };
    expect(decideFastPath(input({ fip: emmcFip, soc: 'mp13', layout: emmc }))).toEqual({
      path: 'dfu',
      reason: 'the layout writes eMMC boot areas, which STM32MP13’s fastboot does not',
    });
    expect(decideFastPath(input({ fip: stock, soc: null }))).toMatchObject({
      reason: expect.stringContaining('SoC is not known'),
    });
  });

  it('--fast-device overrides the FIP’s name and the SoC, with a warning that a wrong value formats the other memory', () => {
    const stock = {
      fileName: 'fip-stm32mp157f-dk2-optee.bin',
      uboot: parseUbootVersion('2023.10-stm32mp-r1'),
    };
    const decided = decideFastPath(input({ fip: stock, fastDevice: 'mmc0' }));
    expect(decided).toMatchObject({ path: 'fast', device: 'mmc0' });
    expect(decided.path === 'fast' && decided.warnings[0]?.message).toContain('formats');
    expect(decideFastPath(input({ fastDevice: 'mmc1' }))).toMatchObject({
      path: 'dfu',
      reason: 'the layout writes mmc0 but --fast-device mmc1',
    });
  });

  it('(d) needs the host to open 0483:0afb: a known refusal is DFU, an unknown one only under `on`, with a warning', () => {
    const no = { state: 'no', reason: 'no udev rule for 0483:0afb' } as const;
    expect(decideFastPath(input({ access: no }))).toEqual({
      path: 'dfu',
      reason: 'no udev rule for 0483:0afb',
    });
    const unknown = { state: 'unknown', reason: 'Windows: no WinUSB driver is known for 0483:0afb' } as const;
    expect(decideFastPath(input({ access: unknown }))).toEqual({ path: 'dfu', reason: unknown.reason });
    expect(decideFastPath(input({ access: unknown, mode: 'on' }))).toEqual({
      path: 'fast',
      device: 'mmc0',
      warnings: [{ code: 'FAST_ACCESS_UNKNOWN', message: unknown.reason }],
    });
  });

  it('--verify: DFU under auto, a refusal of its own under on', () => {
    expect(decideFastPath(input({ verify: true }))).toMatchObject({
      path: 'dfu',
      reason: expect.stringContaining('--verify'),
    });
    expect(decideFastPath(input({ verify: true, mode: 'on' }))).toMatchObject({
      path: 'refused',
      code: 'FAST_VERIFY_UNAVAILABLE',
    });
    expect(decideFastPath(input({ verify: true, mode: 'off' }))).toEqual({ path: 'dfu', reason: null });
  });
});
