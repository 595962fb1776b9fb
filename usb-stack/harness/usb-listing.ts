/** One `Found DFU:` line of `dfu-util -l`. */
export interface DfuAlt {
  readonly alt: number;
  readonly name: string;
  readonly serial: string;
  readonly version: string;
}

/** The board's alternates as `dfu-util -l` lists them, in alt order. */
export function parseDfuUtilList(output: string): DfuAlt[] {
  const alts: DfuAlt[] = [];
  for (const match of output.matchAll(
    /^Found DFU: \[0483:df11\] ver=(\w+), .* alt=(\d+), name="([^"]*)", serial="([^"]*)"$/gm,
  ))
    alts.push({
      version: match[1] ?? '',
      alt: Number(match[2]),
      name: match[3] ?? '',
      serial: match[4] ?? '',
    });
  return alts.sort((a, b) => a.alt - b.alt);
}

/** What `lsusb -v` shows of a board that a person compares with the spec. */
export interface LsusbView {
  readonly field: (name: string) => string | undefined;
  readonly interfaceNames: string[];
  readonly functional: {
    attributes: number;
    detachMs: number;
    transferSize: number;
    dfuVersion: string;
  } | null;
  readonly hasDeviceQualifier: boolean;
  readonly selfPowered: boolean;
}

export function parseLsusbVerbose(output: string): LsusbView {
  const field = (name: string): string | undefined =>
    new RegExp(`^\\s*${name}\\s+(.*?)\\s*$`, 'm').exec(output)?.[1];
  const number = (pattern: RegExp): number => Number(pattern.exec(output)?.[1] ?? Number.NaN);
  const functionalAt = output.indexOf('Device Firmware Upgrade Interface Descriptor:');
  return {
    field,
    interfaceNames: [...output.matchAll(/^\s*iInterface\s+\d+ (.*)$/gm)].map((match) => match[1] ?? ''),
    functional:
      functionalAt < 0
        ? null
        : {
            attributes: number(/^\s*bmAttributes\s+(\d+)$/m),
            detachMs: number(/^\s*wDetachTimeout\s+(\d+) milliseconds$/m),
            transferSize: number(/^\s*wTransferSize\s+(\d+) bytes$/m),
            dfuVersion: /^\s*bcdDFUVersion\s+(\S+)$/m.exec(output)?.[1] ?? '',
          },
    hasDeviceQualifier: /^Device Qualifier \(for other device speed\):$/m.test(output),
    selfPowered: /^Device Status:\s+0x0001\n\s+Self Powered$/m.test(output),
  };
}
