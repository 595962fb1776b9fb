/** One command's output in the guest, between `@@begin NAME` and `@@end NAME rc=N` (usb-stack/guest/lib.sh). */
export interface GuestSection {
  readonly output: string;
  readonly exitCode: number;
}

/**
 * Splits the guest's serial console into its named sections, nested ones too (a lookahead, so an outer section
 * does not swallow the ones inside it); the last section of a name wins.
 */
export function parseGuestSections(serial: string): Map<string, GuestSection> {
  const sections = new Map<string, GuestSection>();
  const pattern = /^@@begin (\S+)\n(?=([\s\S]*?)^@@end \1 rc=(\d+)$)/gm;
  for (const match of serial.matchAll(pattern))
    sections.set(match[1] ?? '', { output: match[2] ?? '', exitCode: Number(match[3]) });
  return sections;
}

/** The guest's uptime (seconds) at `@@uptime <mark>` lines: init, modules, done. */
export function guestUptimes(serial: string): Record<string, number> {
  const marks: Record<string, number> = {};
  for (const match of serial.matchAll(/^@@uptime (\S+) ([\d.]+)$/gm))
    marks[match[1] ?? ''] = Number(match[2]);
  return marks;
}
