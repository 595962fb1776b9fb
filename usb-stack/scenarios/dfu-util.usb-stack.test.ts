import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectLayoutInMemories } from '../../src/main/cli/program/test-support/expect-layout-in-memories';
import { bootGuest, type GuestRun } from '../harness/boot-guest';
import { portReport, sectionOf } from '../harness/guest-output';
import { saveBoardLogs, stageBoard, type StagedBoard } from '../harness/staged-board';
import { parseDfuUtilList, parseLsusbVerbose } from '../harness/usb-listing';
import { enumerationsOf, stageIdentity, stagesOf, ubootPartitionAlternates } from './spec-identities';

/**
 * Three boards (MP15, MP13, MP25) on one guest's xHCI, each programmed by real dfu-util alone, led by GetPhase
 * as ST's "How to load U-Boot with dfu-util" page does; TF-A's DETACH goes to alt 0 on the MP15 and to the
 * virtual alt on the others. At every stage the guest lists the board with dfu-util -l and lsusb -v.
 */
const runs = [
  { soc: 'mp15', fixture: 'stm32mp157c-ev1-sdcard-fwu-pe-tfa-ci-2024.tsv', tfaDetachAlt: '0' },
  { soc: 'mp13', fixture: 'stm32mp135d-atk-sdcard-optee-doubled-tabs.tsv', tfaDetachAlt: 'virtual' },
  { soc: 'mp25', fixture: 'stm32mp257-dk-usb-rawimage-sdcard-lowercase-header.tsv', tfaDetachAlt: 'virtual' },
] as const;

const boards: StagedBoard[] = [];
let guest: GuestRun;

beforeAll(async () => {
  const payloadDir = mkdtempSync(path.join(tmpdir(), 'stm32mp-usb-stack-payload-'));
  for (const [index, run] of runs.entries())
    boards.push(await stageBoard({ ...run, payloadDir, payloadName: run.soc, boardNumber: index + 1 }));
  guest = await bootGuest(inject('guestImage'), {
    name: 'dfu-util',
    script: [
      '. /work/guest/phase-led-dfu-util.sh',
      ...runs.map(
        (run, index) =>
          `section ${run.soc}-run phase_led_run ${run.soc} ${boards[index]?.serial} /work/${run.soc} ${run.tfaDetachAlt}`,
      ),
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
  saveBoardLogs(inject('artifactsDir'), 'dfu-util', boards);
});

const section = (name: string): string => sectionOf(guest, name).output;

describe.each(runs.map((run, index) => ({ ...run, index })))(
  'dfu-util alone programs a $soc board (TF-A DETACH on alt $tfaDetachAlt)',
  ({ soc, fixture, index }) => {
    const board = (): StagedBoard => {
      const staged = boards[index];
      if (staged === undefined) throw new Error('board not started');
      return staged;
    };

    it('reaches Download done: U-Boot partitions, never the ROM again', () => {
      expect(guest.sections.get(`${soc}-run`)?.exitCode, section(`${soc}-run`)).toBe(0);
      expect(section(`${soc}-run`)).toMatch(/Download done \(DETACH at phase 0xFE\)/);
      const stages = [
        ...board()
          .board.output()
          .matchAll(/Board stage (\S+)/g),
      ].map((match) => match[1]);
      expect(stages).toEqual([...stagesOf[soc], 'done']);
    });

    it('lists exactly the spec identity at every stage (dfu-util -l and lsusb -v)', () => {
      const { serial, staged } = board();
      stagesOf[soc].forEach((stage, at) => {
        const where = `${soc} ${stage} (stage ${at + 1})`;
        const expected = stageIdentity(soc, stage);
        const alts = parseDfuUtilList(section(`${soc}-stage${at + 1}-dfu-util-l`));
        const names = alts.map((alt) => alt.name);
        if (expected.alternates !== null) expect(names, where).toEqual(expected.alternates);
        else {
          const patterns = ubootPartitionAlternates(soc, staged.lines);
          expect(names.length, `${where}: ${names.join(' | ')}`).toBe(patterns.length);
          names.forEach((name, alt) => expect(name, `${where} alt ${alt}`).toMatch(patterns[alt] ?? /^$/));
        }
        expect(new Set(alts.map((alt) => `${alt.serial} ${alt.version}`)), where).toEqual(
          new Set([`${serial} 0200`]),
        );
        const lsusb = parseLsusbVerbose(section(`${soc}-stage${at + 1}-lsusb-v`));
        expect(lsusb.field('idVendor'), where).toBe('0x0483');
        expect(lsusb.field('idProduct'), where).toBe('0xdf11');
        expect(lsusb.field('bcdDevice'), where).toBe('2.00');
        expect(lsusb.field('iManufacturer'), where).toBe('1 STMicroelectronics');
        expect(lsusb.field('iProduct')?.replace(/^2 /, ''), where).toMatch(expected.product);
        expect(lsusb.field('iSerial'), where).toBe(`3 ${serial}`);
        expect(lsusb.field('iConfiguration')?.replace(/^2 /, ''), where).toMatch(expected.configuration);
        expect(lsusb.field('bmAttributes'), where).toBe('0xc0');
        expect(lsusb.field('MaxPower'), where).toBe('100mA');
        expect(lsusb.interfaceNames, where).toEqual(names);
        expect(lsusb.functional, where).toEqual({
          attributes: 0x0f,
          detachMs: expected.detachMs,
          transferSize: expected.transferSize,
          dfuVersion: '1.10',
        });
        expect(lsusb.hasDeviceQualifier, where).toBe(true);
        expect(lsusb.selfPowered, where).toBe(true);
      });
      expect(guest.sections.has(`${soc}-stage${stagesOf[soc].length + 1}-dfu-util-l`)).toBe(false);
    });

    it('the kernel enumerates the board once per spec enumeration, with no USB error', () => {
      const report = portReport(section('dmesg'), `1-${index + 1}`);
      expect(report.enumerations('0483:df11')).toHaveLength(enumerationsOf[soc]);
      expect(report.errors).toEqual([]);
    });

    it('the memories hold the layout: GPT read back by sgdisk, every image byte for byte', async () => {
      const { staged, storage } = board();
      await expectLayoutInMemories(fixture, staged, storage);
    });
  },
);
