import { describe, expect, it } from 'vitest';
import { portReport } from './guest-output';

describe('portReport', () => {
  const dmesg = [
    '[   32.47] usb 1-1: new high-speed USB device number 2 using xhci_hcd',
    '[   32.65] usb 1-1: New USB device found, idVendor=0483, idProduct=df11, bcdDevice= 2.00',
    '[   32.99] usb 1-12: New USB device found, idVendor=0483, idProduct=0afb, bcdDevice= 2.00',
    '[   47.03] usb 1-1: USB disconnect, device number 2',
    '[   58.74] usb 1-1: New USB device found, idVendor=0483, idProduct=0afb, bcdDevice= 2.00',
    '[   59.10] usb 1-2: device descriptor read/64, error -71',
  ].join('\n');

  it("counts one port's enumerations of one USB ID, not a port whose name starts the same", () => {
    const report = portReport(dmesg, '1-1');
    expect(report.enumerations('0483:df11')).toHaveLength(1);
    expect(report.enumerations('0483:0afb')).toHaveLength(1);
    expect(report.errors).toEqual([]);
  });

  it('lists the lines of a port that read as USB errors', () => {
    expect(portReport(dmesg, '1-2').errors).toEqual([
      '[   59.10] usb 1-2: device descriptor read/64, error -71',
    ]);
  });
});
