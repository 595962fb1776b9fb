import type { GuestRun } from './boot-guest';
import type { GuestSection } from './guest-sections';

/** The guest's section `name`; throws with the end of its console when the guest never printed it. */
export function sectionOf(run: GuestRun, name: string): GuestSection {
  const found = run.sections.get(name);
  if (found === undefined)
    throw new Error(`the guest printed no section ${name}:\n${run.serial.slice(-3000)}`);
  return found;
}

/** What the guest kernel said about the device on one port (`1-2`) in its `dmesg`. */
export interface PortReport {
  /** `New USB device found` lines for `vendor:product` (lower-case hex). */
  enumerations(usbId: string): string[];
  /** Lines about the port that read as a USB error (a failed descriptor read, a stall, a reset that failed). */
  readonly errors: string[];
}

export function portReport(dmesg: string, port: string): PortReport {
  const lines = dmesg.split('\n').filter((line) => line.includes(`usb ${port}:`));
  return {
    enumerations: (usbId) => {
      const [vendor, product] = usbId.split(':');
      return lines.filter((line) =>
        line.includes(`New USB device found, idVendor=${vendor}, idProduct=${product}`),
      );
    },
    errors: lines.filter((line) => /error|fail|stall|unable|can't|not accepting|descriptor read/i.test(line)),
  };
}
