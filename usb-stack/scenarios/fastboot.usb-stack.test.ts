import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readAt } from '../../src/main/cli/program/test-support/memory-readback';
import { fipImage } from '../../src/main/virtual-board/conformance/test-images';
import { bootGuest, type GuestRun } from '../harness/boot-guest';
import { portReport, sectionOf } from '../harness/guest-output';
import type { GuestSection } from '../harness/guest-sections';
import { saveBoardLogs, stageBoard, type StagedBoard } from '../harness/staged-board';
import { parseLsusbVerbose } from '../harness/usb-listing';

/**
 * The fast path judged by hosts that are not ours, on a real kernel: dfu-util switches an MP15 board (stock
 * U-Boot: fastboot flashes mmc1, the eMMC) as ST's STM32PRG-TOOLBOX-DFU does, sending a script image made by
 * `mkimage -T script` to the FlashLayout's alt and DETACH; then AOSP fastboot (Debian's) reads named variables,
 * `getvar all` (U-Boot's FAIL), `oem format`, flashes a raw image and, with `-S 1M`, a sparse image made by
 * img2simg, which fastboot re-sparses into pieces of at most 1 MiB (each after the first opens with DONT_CARE).
 * What the board answers is U-Boot's (drivers/fastboot/), as the virtual board models it; AOSP fastboot judges the
 * wire, and the board's memory files the result.
 * A second board at Full Speed (64-byte bulk packets) does the switch and the raw flash.
 */
const fixture = 'stm32mp157c-ev1-sdcard-fwu-pe-tfa-ci-2024.tsv';

const MiB = 1024 * 1024;
/** The GPT the script asks `oem format` to write on mmc1 (`gpt write mmc 1 $partitions`). */
const partitions = [
  { name: 'ssbl', start: 0x80000, size: 2 * MiB, extra: '' },
  { name: 'bootfs', start: 0x280000, size: 4 * MiB, extra: ',bootable' },
  { name: 'rootfs', start: 0x680000, size: 16 * MiB, extra: ',type=linux' },
] as const;
const hex = (value: number): string => `0x${value.toString(16).padStart(8, '0')}`;
const script = [
  `env set partitions "${partitions.map((p) => `name=${p.name},start=${hex(p.start)},size=${hex(p.size)}${p.extra}`).join(';')}"`,
  'fastboot usb 0',
  '',
].join('\n');

/** 1 MiB of data for `bootfs`, flashed raw in one download. */
const bootfs = new Uint8Array(randomBytes(MiB));
/** 5 MiB for `rootfs`: data, 2 MiB of zeros (img2simg makes it FILL), data, zeros. */
const rootfs = new Uint8Array(5 * MiB);
rootfs.set(randomBytes(MiB), 0);
rootfs.set(randomBytes(1.5 * MiB), 3 * MiB);

const boards: StagedBoard[] = [];
let guest: GuestRun;

const serial = (index: number): string => boards[index]?.serial ?? '';

beforeAll(async () => {
  const payloadDir = mkdtempSync(path.join(tmpdir(), 'stm32mp-usb-stack-payload-'));
  for (const [index, name] of ['hs', 'fs'].entries())
    boards.push(
      await stageBoard({
        fixture,
        soc: 'mp15',
        payloadDir,
        payloadName: name,
        boardNumber: index + 1,
        simArgs: ['--sim-speed', 'fast', ...(name === 'fs' ? ['--sim-fault', 'full-speed'] : [])],
      }),
    );
  // The FIP says which U-Boot it carries, as a real one does (`U-Boot 2023.10-stm32mp-r1 (…)`): one that runs
  // the script (ST's fork since v2021.10-stm32mp-r1), stock configuration (fastboot flashes mmc1).
  for (const name of ['hs', 'fs'])
    writeFileSync(
      path.join(payloadDir, name, 'phase-03.bin'),
      fipImage(64 * 1024, { uboot: '2023.10-stm32mp-r1', fastboot: 'stock' }),
    );
  mkdirSync(path.join(payloadDir, 'fb'));
  writeFileSync(path.join(payloadDir, 'fb', 'switch.txt'), script);
  writeFileSync(path.join(payloadDir, 'fb', 'bootfs.raw'), bootfs);
  writeFileSync(path.join(payloadDir, 'fb', 'rootfs.raw'), rootfs);
  const hs = serial(0);
  const fs = serial(1);
  guest = await bootGuest(inject('guestImage'), {
    name: 'fastboot',
    script: [
      '. /work/guest/phase-led-dfu-util.sh',
      '. /work/guest/fastboot-judge.sh',
      'section script-image script_image /work/fb/switch.txt /work/fb/switch.scr',
      'cp /work/fb/switch.scr /work/hs/phase-00.bin; cp /work/fb/switch.scr /work/fs/phase-00.bin',
      `section hs-switch switch_to_fastboot hs ${hs} /work/hs`,
      `section hs-lsusb lsusb_of ${hs}`,
      `section hs-getvar-version fb ${hs} getvar version`,
      `section hs-getvar-max-download-size fb ${hs} getvar max-download-size`,
      `section hs-getvar-all fb ${hs} getvar all`,
      `section hs-oem-format fb ${hs} oem format`,
      `section hs-getvar-partition-type fb ${hs} getvar partition-type:rootfs`,
      `section hs-getvar-partition-size fb ${hs} getvar partition-size:bootfs`,
      `section hs-flash-raw fb ${hs} flash bootfs /work/fb/bootfs.raw`,
      'section img2simg img2simg /work/fb/rootfs.raw /work/fb/rootfs.simg',
      `section hs-flash-sparse fb ${hs} -S 1M flash rootfs /work/fb/rootfs.simg`,
      `section fs-switch switch_to_fastboot fs ${fs} /work/fs`,
      `section fs-lsusb lsusb_of ${fs}`,
      `section fs-oem-format fb ${fs} oem format`,
      `section fs-flash-raw fb ${fs} flash bootfs /work/fb/bootfs.raw`,
      'section dmesg dmesg',
    ].join('\n'),
    payloadDir,
    redirPorts: boards.map((board) => board.board.port),
    timeoutMs: 240_000,
    artifactsDir: inject('artifactsDir'),
  });
}, 300_000);

afterAll(async () => {
  for (const board of boards) await board.board.stop();
  saveBoardLogs(inject('artifactsDir'), 'fastboot', boards);
});

const section = (name: string): GuestSection => sectionOf(guest, name);

/** A section that must have succeeded; its output. */
function passed(name: string): string {
  const { output, exitCode } = section(name);
  expect(exitCode, `${name}:\n${output}`).toBe(0);
  return output;
}

/** `sgdisk -p` of a memory file: each partition's first byte and name. */
function gptOf(file: string): { start: number; name: string }[] {
  return execFileSync('sgdisk', ['-p', file], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s+(\d+)\s+(\d+)\s+(\d+)\s+\S+ \S+\s+\S+\s+(\S+)\s*$/.exec(line))
    .filter((match) => match !== null)
    .map((match) => ({ start: Number(match[2]) * 512, name: match[4] ?? '' }));
}

const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(a, b) === 0;

describe('AOSP fastboot and dfu-util, not our code, drive the fast path of an MP15 board (stock U-Boot, mmc1)', () => {
  it('dfu-util switches the board: TF-A, the FIP, the mkimage script on the FlashLayout alt, DETACH; it comes back as 0483:0afb with the same serial', () => {
    expect(passed('script-image')).toMatch(/Image Type:\s+ARM Linux Script \(uncompressed\)/);
    const run = passed('hs-switch');
    expect(run).toMatch(/Download done \(DETACH at phase 0xFE\)/);
    expect(run).toMatch(new RegExp(`0483:0afb .*\\|${serial(0)}`));
  });

  it('lsusb -v shows the fastboot gadget: interface ff/42/03, bulk IN 0x81 and OUT 0x02 (the DWC2 of an MP15) of 512 bytes at High Speed', () => {
    const lsusb = parseLsusbVerbose(passed('hs-lsusb'));
    expect(lsusb.field('idVendor')).toBe('0x0483');
    expect(lsusb.field('idProduct')).toBe('0x0afb');
    const text = passed('hs-lsusb');
    expect(text).toMatch(/bInterfaceClass\s+255/);
    expect(text).toMatch(/bInterfaceSubClass\s+66/);
    expect(text).toMatch(/bInterfaceProtocol\s+3/);
    // usb_ep_autoconfig on U-Boot's DWC2 takes `ep1in-bulk` and `ep2out-bulk` (drivers/usb/gadget/dwc2_udc_otg.c).
    expect([...text.matchAll(/bEndpointAddress\s+(0x\w+)/g)].map((match) => match[1])).toEqual([
      '0x81',
      '0x02',
    ]);
    expect([...text.matchAll(/wMaxPacketSize\s+(0x\w+)/g)].map((match) => match[1])).toEqual([
      '0x0200',
      '0x0200',
    ]);
  });

  it('named getvars answer as U-Boot: version 0.4, max-download-size 0x02000000', () => {
    expect(passed('hs-getvar-version')).toMatch(/^version: 0\.4$/m);
    expect(passed('hs-getvar-max-download-size')).toMatch(/^max-download-size: 0x0*2000000$/m);
  });

  it('getvar all fails as ST’s U-Boot does (no `all` before upstream v2024.04), fastboot quoting the board', () => {
    // fastboot 29 reports a failed getvar and still exits 0: the board's FAIL text is the judge.
    expect(section('hs-getvar-all').output).toMatch(
      /getvar:all\s+FAILED \(remote: 'Variable not implemented'\)/,
    );
  });

  it('oem format writes the GPT of $partitions on mmc1; the partition variables then answer', () => {
    passed('hs-oem-format');
    // No file system in the new partition yet: fs_set_blk_dev_with_part fails (drivers/fastboot/fb_getvar.c).
    expect(section('hs-getvar-partition-type').output).toMatch(
      /getvar:partition-type:rootfs\s+FAILED \(remote: 'failed to set partition'\)/,
    );
    expect(passed('hs-getvar-partition-size')).toMatch(/^partition-size:bootfs: 0x0*400000$/m);
    const gpt = gptOf(path.join(boards[0]!.storage, 'mmc1.img'));
    expect(gpt).toEqual(partitions.map(({ name, start }) => ({ start, name })));
  });

  it('a raw image flashed in one download lands byte for byte at bootfs', async () => {
    expect(passed('hs-flash-raw')).toMatch(
      /Sending 'bootfs' \(1024 KB\)\s+OKAY[\s\S]*Writing 'bootfs'\s+OKAY/,
    );
    const written = await readAt(
      path.join(boards[0]!.storage, 'mmc1.img'),
      partitions[1].start,
      bootfs.length,
    );
    expect(same(written, bootfs)).toBe(true);
  });

  // Every piece after the first opens with a DONT_CARE chunk up to its own part of the image (libsparse's
  // resparse): the bytes land where they belong only if the board skips those blocks.
  it('fastboot -S 1M sends the img2simg image as several sparse pieces; rootfs holds the raw image, zeros where it was FILL', async () => {
    const output = passed('hs-flash-sparse');
    const pieces = Number(/Sending sparse 'rootfs' 1\/(\d+)/.exec(output)?.[1] ?? 0);
    expect(pieces, output).toBeGreaterThanOrEqual(3);
    expect([...output.matchAll(/Writing 'rootfs'\s+OKAY/g)]).toHaveLength(pieces);
    const written = await readAt(
      path.join(boards[0]!.storage, 'mmc1.img'),
      partitions[2].start,
      rootfs.length,
    );
    expect(same(written, rootfs)).toBe(true);
  });

  it('at Full Speed: bulk endpoints of 64 bytes, and the same switch, format and raw flash', async () => {
    expect(passed('fs-switch')).toMatch(/Download done/);
    const text = passed('fs-lsusb');
    expect([...text.matchAll(/wMaxPacketSize\s+(0x\w+)/g)].map((match) => match[1])).toEqual([
      '0x0040',
      '0x0040',
    ]);
    passed('fs-oem-format');
    passed('fs-flash-raw');
    const written = await readAt(
      path.join(boards[1]!.storage, 'mmc1.img'),
      partitions[1].start,
      bootfs.length,
    );
    expect(same(written, bootfs)).toBe(true);
  });

  it('the kernel saw each fastboot device once, without a USB error', () => {
    for (const port of ['1-1', '1-2']) {
      const report = portReport(section('dmesg').output, port);
      expect(report.enumerations('0483:0afb'), port).toHaveLength(1);
      expect(report.errors, port).toEqual([]);
    }
  });
});
