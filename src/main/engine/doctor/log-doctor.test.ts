import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DoctorReport, DoctorRun } from '../../../shared/contract/doctor';
import { repositoryRoot } from '../layout/test-support/layout-images';
import { diagnoseLogs } from './log-doctor';

const logs = path.resolve(repositoryRoot, '../shared/fixtures/logs');
const file = (name: string) => ({ name, text: readFileSync(path.join(logs, name), 'utf8') });

function runsOf(report: DoctorReport): DoctorRun[] {
  if (!report.known) throw new Error(report.message);
  return report.runs;
}

describe('the doctor, on the logs of SOURCES.md', () => {
  it('2019 DK2 (CubeProgrammer 2.1, Full Speed, time-out after 0x03) with its UART: the board came back unseen', () => {
    const [run] = runsOf(
      diagnoseLogs([
        file('cubeprogrammer-2.1-dk2-sdcard-reconnect-timeout.log'),
        file('dk2-uart-2019-after-ssbl-start.log'),
      ]),
    );
    expect(run?.code).toBe('DEVICE_NEVER_RETURNED');
    expect(run?.warnings).toContain('LINK_FULL_SPEED');
    expect(run?.hints[0]).toMatch(
      /did come back.*DFU alt info setting: done.*USB filter of the virtual machine, or the driver.*USB download gadget@Device ID \/0x500/,
    );
    expect(run?.hints.some((hint) => /Full Speed/.test(hint))).toBe(true);
    expect(run?.facts).toMatchObject({ partitionsSent: [1, 3], linkSpeed: 'full', reconnectWaits: 1 });
    // The lines it used, by file and number.
    expect(run?.quoted).toContainEqual({
      file: 'cubeprogrammer-2.1-dk2-sdcard-reconnect-timeout.log',
      line: 4,
      text: expect.stringMatching(/^USB speed\s+: Full Speed \(12MBit\/s\)$/) as unknown as string,
    });
    expect(run?.quoted).toContainEqual({
      file: 'dk2-uart-2019-after-ssbl-start.log',
      line: 3,
      text: 'DFU alt info setting: done',
    });
    expect(
      run?.quoted.some((q) => /unable to reconnect the target device: time out expired/.test(q.text)),
    ).toBe(true);
  });

  it('TF-A panic (status time-outs, no reconnect) with its UART: never returned, the panic first', () => {
    const [run] = runsOf(
      diagnoseLogs([
        file('cubeprogrammer-unknown-mp157a-custom-tfa-panic-no-usb-response.log'),
        file('cubeprogrammer-unknown-mp157a-custom-tfa-panic-no-usb-response-uart.log'),
      ]),
    );
    expect(run?.code).toBe('DEVICE_NEVER_RETURNED');
    expect(run?.hints[0]).toMatch(
      /crashed.*PANIC at PC : 0x2fff1a71.*TF-A build or its device tree does not fit this board/,
    );
  });

  it('TF-A panic, host log alone: the FSBL never answered again, read the UART', () => {
    const [run] = runsOf(
      diagnoseLogs([file('cubeprogrammer-unknown-mp157a-custom-tfa-panic-no-usb-response.log')]),
    );
    expect(run?.code).toBe('DEVICE_NEVER_RETURNED');
    expect(run?.hints[0]).toMatch(
      /FSBL \(partition 0x01\) was started, but the board never answered again.*UART.*TF-A/,
    );
  });

  it('CubeProgrammer 2.11 eMMC, two runs: never returned at 0x01, then an unidentified DFU device (IAP)', () => {
    const [first, second] = runsOf(
      diagnoseLogs([file('cubeprogrammer-2.11.0-mp157a-custom-emmc-start-failed-then-iap.log')]),
    );
    expect(first?.code).toBe('DEVICE_NEVER_RETURNED');
    expect(first?.message).toMatch(/partition 0x01/);
    expect(first?.hints[0]).toMatch(
      /FSBL \(partition 0x01\) was started, but the board never answered again/,
    );
    expect(second?.code).toBe('DEVICE_UNIDENTIFIED');
    expect(second?.hints[0]).toMatch(
      /no longer the ROM code.*reset or power-cycle the board in USB boot mode.*UART/,
    );
    expect(second?.quoted.some((q) => q.text === 'IAP')).toBe(true);
  });

  it('SPL manifest errUNKNOWN/dfuERROR: the board reported it after the first-stage download', () => {
    const [run] = runsOf(
      diagnoseLogs([
        file('cubeprogrammer-unknown-mp157c-custom-spl-manifest-errunknown.log'),
        file('cubeprogrammer-unknown-mp157c-custom-spl-manifest-errunknown-uart.log'),
      ]),
    );
    expect(run?.code).toBe('DEVICE_ERROR_STATUS');
    expect(run?.hints[0]).toMatch(
      /board reported: "errUNKNOWN, State: dfuERROR right after the end of download of partition 0x01"/,
    );
  });

  it('LIBUSB_ERROR_PIPE in dfuMANIFEST: a transfer error, the FSBL crashed or runs with wrong clocks', () => {
    const [run] = runsOf(
      diagnoseLogs([file('cubeprogrammer-unknown-mp157f-custom-manifest-libusb-pipe.log')]),
    );
    expect(run?.code).toBe('DEVICE_TRANSFER_ERROR');
    expect(run?.hints[0]).toMatch(
      /stalled \(LIBUSB_ERROR_PIPE\).*FSBL.*crashed or runs with wrong clocks.*UART.*HSE/,
    );
  });

  it('virtual 0xF1 in dfuERROR after manifest: the board reported it at the phase read', () => {
    const [run] = runsOf(
      diagnoseLogs([file('cubeprogrammer-unknown-mp157fad-custom-virtual-f1-dfuerror.log')]),
    );
    expect(run?.code).toBe('DEVICE_ERROR_STATUS');
    expect(run?.hints[0]).toMatch(
      /board reported: "errUNKNOWN, State: dfuERROR when the phase was read \(virtual partition 0xF1\)/,
    );
  });

  it('OSD32MP1 128 GB: PhaseID 0xFF after U-Boot came up; the storage is the suspect', () => {
    const [run] = runsOf(diagnoseLogs([file('cubeprogrammer-2.10-osd32mp1-red-128gb-sd-phaseid-0xff.log')]));
    expect(run?.code).toBe('DEVICE_ERROR_STATUS');
    expect(run?.facts.stagesReached).toContain('uboot-layout');
    expect(run?.hints[0]).toMatch(
      /PhaseID == 0xFF.*check the partition fits its memory and the memory is there/,
    );
  });

  it('dfu-util DHCOM recovery (with dmesg): success, the LIBUSB_ERROR_IO after the FSBL manifest is expected', () => {
    const [run] = runsOf(
      diagnoseLogs([
        file('dfu-util-0.11-mp157c-dhcom-pdk2-spl-recovery.log'),
        file('dfu-util-0.11-mp157c-dhcom-pdk2-spl-recovery-dmesg.log'),
      ]),
    );
    expect(run?.code).toBeNull();
    expect(run?.hints[0]).toMatch(
      /^Success\. .*LIBUSB_ERROR_IO.*dfuMANIFEST of partition 0x01 is expected.*left the ROM/,
    );
    expect(run?.facts.stagesReached).toEqual(expect.arrayContaining(['rom', 'uboot-layout']));
  });

  it('dfu-util DHCOR recovery: success, TF-A and FIP downloaded and manifested', () => {
    const [run] = runsOf(diagnoseLogs([file('dfu-util-0.11-mp135f-dhcor-dhsbc-usb-recovery.log')]));
    expect(run?.code).toBeNull();
    expect(run?.hints[0]).toMatch(/^Success: 0x01 and 0x03 downloaded and manifested/);
  });
});

describe('not a log', () => {
  it.each([
    [
      'a FlashLayout',
      '#Opt\tId\tName\tType\tIP\tOffset\tBinary\n-\t0x01\tfsbl1-boot\tBinary\tnone\t0x0\tfsbl.stm32\n',
    ],
    ['a UART log alone', 'U-Boot 2020.10-stm32mp-r1 (Jun 14 2021)\nDFU alt info setting: done\n'],
    ['prose', 'Hello, my board does not flash. Any idea?\n'],
  ])('%s is "not a log I know", listing the formats read', (_what, text) => {
    const report = diagnoseLogs([{ name: 'x.txt', text }]);
    expect(report.known).toBe(false);
    if (!report.known) {
      expect(report.message).toMatch(/not a log I know/);
      expect(report.formats.join('\n')).toMatch(/CubeProgrammer[\s\S]*dfu-util[\s\S]*--log/);
    }
  });
});
