import { socByDeviceId } from '../../protocol/soc-table';
import { type LogLine, quote, reach, type RunEvidence } from './run-evidence';

/** A host `dmesg` of USB enumeration (with or without its `[   12.345678]` time). */
const dmesgLine = /^(\[\s*\d+\.\d+\]\s*)?usb \d+-[\d.]+: /;

export function isDmesgLog(lines: readonly LogLine[]): boolean {
  return lines.some((line) => dmesgLine.test(line.text) && /idVendor=0483|Product: /.test(line.text));
}

/** Lines a board's console prints while it is programmed (ROM hand-over, TF-A, OP-TEE, U-Boot, its gadget). */
const consoleMarks =
  /^(NOTICE|INFO|ERROR|WARNING): +BL2|PANIC at PC|^U-Boot (SPL )?\d{4}\.\d\d|DFU alt info setting|Writing GPT|Boot over usb|^I\/TC: |^Model: |^RAM: |DDR_RESET|stm32prog|crq -> brequest/m;

export function isUartLog(text: string): boolean {
  return consoleMarks.test(text);
}

/** Adds the board's console lines to a run (the doctor's `consoleLines`, as the console service gave them live). */
export function addUartLines(run: RunEvidence, lines: readonly LogLine[], file: string): void {
  const board = lines.filter((line) => line.text.trim() !== '');
  run.consoleLines = [...(run.consoleLines ?? []), ...board.map((line) => line.text)];
  for (const line of board) if (consoleMarks.test(line.text)) quote(run, line, file);
}

/** Adds what the host's dmesg saw: the stages the board enumerated in, its SoC, the link speed. */
export function addDmesgLines(run: RunEvidence, lines: readonly LogLine[], file: string): void {
  for (const line of lines) {
    const text = line.text;
    if (!dmesgLine.test(text)) continue;
    const product = /Product: (.*)$/.exec(text)?.[1];
    if (product !== undefined) {
      if (/^DFU in HS Mode/.test(product)) reach(run, 'rom');
      else if (/^USB download gadget/.test(product)) reach(run, 'uboot-layout');
      const id = /@Device ID \/0x([0-9a-f]+)/i.exec(product)?.[1];
      if (id !== undefined) run.soc ??= socByDeviceId(parseInt(id, 16))?.soc ?? null;
      quote(run, line, file);
    } else if (/new full-speed USB device/.test(text)) {
      run.linkSpeed = 'full';
      if (!run.warnings.includes('LINK_FULL_SPEED')) run.warnings.push('LINK_FULL_SPEED');
      quote(run, line, file);
    } else if (/new high-speed USB device/.test(text)) run.linkSpeed ??= 'high';
  }
}
