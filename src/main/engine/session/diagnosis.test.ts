import { describe, expect, it } from 'vitest';
import { hostAccessHint } from '../../../shared/errors';
import { diagnose, successHints } from './diagnosis';
import type { DiagnosisInput } from './diagnosis';
import { SessionFailure } from './session-failure';

const seedConsole = [
  'U-Boot 2018.11-stm32mp-r2.1 (Jun 25 2019 - 13:46:25 +0000)',
  'Boot over usb0!',
  'partitions : Writing GPT : success!',
  'done',
  'DFU alt info setting: done',
];

function input(failure: SessionFailure, patch: Partial<DiagnosisInput> = {}): DiagnosisInput {
  return { failure, consoleLines: null, warnings: [], platform: 'linux', soc: 'mp15', ...patch };
}

const neverReturned = new SessionFailure('DEVICE_NEVER_RETURNED', 'not seen again', {
  expectedStage: 'uboot-layout',
});

describe('diagnosis', () => {
  it("the seed's case: U-Boot's console is up, so the VM filter / driver for the new identity comes first", () => {
    const diagnosis = diagnose(
      input(neverReturned, { consoleLines: seedConsole, warnings: ['LINK_FULL_SPEED'] }),
    );
    expect(diagnosis.code).toBe('DEVICE_NEVER_RETURNED');
    expect(diagnosis.hints[0]).toMatch(/"DFU alt info setting: done"/);
    expect(diagnosis.hints[0]).toMatch(/USB filter of the virtual machine, or the driver/);
    expect(diagnosis.hints[0]).toMatch(/0483:df11 "USB download gadget@Device ID \/0x500/);
    expect(diagnosis.hints.some((hint) => /Full Speed/.test(hint))).toBe(true);
    expect(diagnosis.consoleLines).toEqual(seedConsole);
    expect(diagnosis.hints.at(-1)).toMatch(/Reset the board .*then program again/);
  });

  it('ranks by evidence: no console → VM filter first; a silent console → the power supply first', () => {
    expect(diagnose(input(neverReturned)).hints[0]).toMatch(/virtual machine/);
    expect(diagnose(input(neverReturned)).hints).toContainEqual(expect.stringMatching(/--console/));
    expect(diagnose(input(neverReturned, { consoleLines: [] })).hints[0]).toMatch(/5 V \/ 3 A/);
    const erasing = diagnose(input(neverReturned, { consoleLines: ['Erasing rootfs on mmc 0: '] }));
    expect(erasing.hints[0]).toMatch(/--reconnect-timeout/);
  });

  it('a host without udevd could not have seen the board come back: that comes first, whatever the console says', () => {
    for (const consoleLines of [null, seedConsole, []]) {
      const diagnosis = diagnose(input(neverReturned, { consoleLines, warnings: ['UDEV_NOT_RUNNING'] }));
      expect(diagnosis.hints[0]).toMatch(/No udev daemon runs on this computer.*systemd-udevd/);
    }
    expect(diagnose(input(neverReturned)).hints.join('\n')).not.toMatch(/udev daemon/);
  });

  it('says to reset the board once: not again after a code whose own hint says it (CANCELLED, BOARD_NEEDS_RESET)', () => {
    for (const code of ['CANCELLED', 'BOARD_NEEDS_RESET'] as const) {
      const hints = diagnose(input(new SessionFailure(code, 'stopped', {}))).hints;
      expect(
        hints.filter((hint) => /^Reset the board/.test(hint)),
        code,
      ).toHaveLength(1);
    }
    expect(diagnose(input(neverReturned)).hints.at(-1)).toMatch(/^Reset the board/);
  });

  it('quotes at most the last 20 console lines', () => {
    const lines = Array.from({ length: 50 }, (_, index) => `line ${index}`);
    const diagnosis = diagnose(input(neverReturned, { consoleLines: lines }));
    expect(diagnosis.consoleLines).toEqual(lines.slice(-20));
  });

  it('per code: the host’s own open hint, the board’s text, the power supply after a reset', () => {
    const unopenable = new SessionFailure('DEVICE_RETURNED_UNOPENABLE', 'refused', {
      openHint: 'Install WinUSB.',
    });
    expect(diagnose(input(unopenable)).hints[0]).toBe('Install WinUSB.');
    expect(
      diagnose(input(new SessionFailure('DEVICE_RETURNED_UNOPENABLE', 'x'), { platform: 'linux' })).hints[0],
    ).toMatch(/70-stm32mp-flasher\.rules.*TAG\+="uaccess"/);
    expect(
      diagnose(input(new SessionFailure('DEVICE_RETURNED_UNOPENABLE', 'x'), { platform: 'win32' })).hints[0],
    ).toBe(hostAccessHint('win32'));
    const status = new SessionFailure('DEVICE_ERROR_STATUS', 'x', { boardText: 'DFU write error' });
    expect(diagnose(input(status)).hints[0]).toMatch(/"DFU write error"/);
    const reset = new SessionFailure('DEVICE_RESET', 'x', {
      returnedStage: 'rom',
      expectedStage: 'uboot-layout',
    });
    expect(diagnose(input(reset)).hints[0]).toMatch(/came back in the rom stage .* 5 V \/ 3 A/);
    expect(diagnose(input(new SessionFailure('DEVICE_TRANSFER_ERROR', 'x'))).hints[0]).toMatch(/cable/);
    expect(diagnose(input(new SessionFailure('LAYOUT_SOC_MISMATCH', 'x'))).hints).toHaveLength(1);
  });

  it('tells what to do after a success, from the memory written', () => {
    expect(successHints(['mmc0'])[0]).toMatch(/SD card/);
    expect(successHints(['mmc1'])[0]).toMatch(/eMMC/);
    expect(successHints(['nor0', 'mmc0'])[0]).toMatch(/NOR/);
  });
});
