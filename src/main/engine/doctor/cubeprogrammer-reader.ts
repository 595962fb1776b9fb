import { socByDeviceId } from '../../protocol/soc-table';
import { errorCatalog } from '../../../shared/errors';
import type { UsbErrorCode } from '../../usb/usb-error';
import { emptyRun, type LogLine, platformOf, quote, reach, type RunEvidence } from './run-evidence';
import { hex2, stagesAroundPartition } from './stage-of-partition';

/** Lines only STM32CubeProgrammer prints (v2.1 to today, CLI and GUI log, any verbosity). */
const cubeProgrammerMarks =
  /STM32CubeProgrammer v\d|STM32_Programmer_CLI|Start operation (done|failed)|RUNNING Program|sending a dfu end of download request|TSV flashing service|Start Embedded Flashing service|Flashlayout Programming|Memory Programming \.\.\.|PartID:|unable to reconnect the target device/i;

export function isCubeProgrammerLog(text: string): boolean {
  return cubeProgrammerMarks.test(text);
}

/** The GUI log's `15:34:17:270 : ` prefix (with the leading space some posts keep). */
const timestamp = /^\s*\d{1,2}:\d\d:\d\d:\d{3}\s*:\s?/;
/** A run starts at the tool's banner (the prompt line before it belongs to it). */
const runStart = /STM32CubeProgrammer v\d|\$\s*STM32_Programmer_CLI/;

function usbCodeOf(libusb: string): UsbErrorCode {
  if (libusb === 'LIBUSB_ERROR_PIPE') return 'stall';
  if (libusb === 'LIBUSB_ERROR_TIMEOUT') return 'timeout';
  if (libusb === 'LIBUSB_ERROR_NO_DEVICE') return 'no-device';
  if (libusb === 'LIBUSB_ERROR_IO') return 'io';
  return 'other';
}

/** What one run's lines said, in the order the classification weighs them. */
interface Seen {
  partition: number | null;
  started: number | null;
  inManifest: boolean;
  usb: { code: UsbErrorCode; text: string; inManifest: boolean } | null;
  dfuError: string | null;
  phaseRead: boolean;
  phaseFF: boolean;
  reconnectTimeout: boolean;
  startFailed: number | null;
  emptyIdentity: { manuf: boolean; product: boolean };
  otherError: LogLine | null;
  succeeded: boolean;
}

function readRun(lines: readonly LogLine[], file: string, wholeText: string): RunEvidence {
  const run = emptyRun('STM32CubeProgrammer', file);
  run.platform = platformOf(wholeText);
  const seen: Seen = {
    partition: null,
    started: null,
    inManifest: false,
    usb: null,
    dfuError: null,
    phaseRead: false,
    phaseFF: false,
    reconnectTimeout: false,
    startFailed: null,
    emptyIdentity: { manuf: false, product: false },
    otherError: null,
    succeeded: false,
  };
  let match: RegExpMatchArray | null;
  for (const line of lines) {
    const text = line.text.replace(timestamp, '').trim();
    if ((match = /^USB speed\s*:\s*(Full|High) Speed/i.exec(text))) {
      run.linkSpeed = match[1]?.toLowerCase() === 'full' ? 'full' : 'high';
      if (run.linkSpeed === 'full' && !run.warnings.includes('LINK_FULL_SPEED'))
        run.warnings.push('LINK_FULL_SPEED');
      quote(run, line);
    } else if ((match = /^Manuf\. ID\s*:\s*(.*)$/.exec(text))) {
      seen.emptyIdentity.manuf = (match[1] ?? '').trim() === '';
    } else if ((match = /^Product ID\s*:\s*(.*)$/.exec(text))) {
      const product = (match[1] ?? '').trim();
      seen.emptyIdentity.product = product === '';
      if (/^DFU in HS Mode/.test(product)) reach(run, 'rom');
      else if (/^USB download gadget/.test(product)) reach(run, 'uboot-layout');
      else if (/^DFU @Device ID/.test(product)) reach(run, 'tfa');
      const id = /@Device ID \/0x([0-9a-f]+)/i.exec(product);
      if (id?.[1] !== undefined) run.soc = socByDeviceId(parseInt(id[1], 16))?.soc ?? run.soc;
      if (product !== '') quote(run, line);
    } else if ((match = /^Device ID\s*:\s*0x([0-9a-f]+)/i.exec(text))) {
      run.soc = socByDeviceId(parseInt(match[1] ?? '', 16))?.soc ?? run.soc;
    } else if ((match = /^(?:Partition ID|PartID:|Address:)\s*:\s*0x([0-9a-f]+)/i.exec(text))) {
      seen.partition = parseInt(match[1] ?? '', 16);
      seen.inManifest = false;
    } else if (/^File download complete/.test(text)) {
      if (seen.partition !== null && !run.partitionsSent.includes(seen.partition))
        run.partitionsSent.push(seen.partition);
    } else if (/sending a dfu end of download request/.test(text)) {
      seen.inManifest = true;
      quote(run, line);
    } else if ((match = /(LIBUSB_ERROR_[A-Z_]+)/.exec(text))) {
      seen.usb ??= { code: usbCodeOf(match[1] ?? ''), text: match[1] ?? '', inManifest: seen.inManifest };
      quote(run, line);
    } else if ((match = /^DFU status = ([1-9]\d*)/.exec(text))) {
      seen.dfuError = `DFU status ${match[1] ?? ''}`;
      quote(run, line);
    } else if ((match = /^Status:\s*(\w+),\s*State:\s*(\w+)/.exec(text))) {
      seen.dfuError = `${match[1] ?? ''}, State: ${match[2] ?? ''}`;
      quote(run, line);
    } else if (/set alternate setting request with index/.test(text)) {
      seen.phaseRead = true;
      quote(run, line);
    } else if (/uploading data from the virtual partition 0xF1/i.test(text)) {
      seen.phaseRead = true;
      quote(run, line);
    } else if (/PhaseID == 0xFF/i.test(text)) {
      seen.phaseFF = true;
      quote(run, line);
    } else if (/^reconnecting/i.test(text)) {
      run.reconnectWaits++;
      quote(run, line);
    } else if (/unable to reconnect the target device/i.test(text)) {
      seen.reconnectTimeout = true;
      quote(run, line);
    } else if ((match = /Start operation done successfully at partition 0x([0-9a-f]+)/i.exec(text))) {
      const id = parseInt(match[1] ?? '', 16);
      seen.started = id;
      reach(run, stagesAroundPartition(id).next);
    } else if ((match = /Start operation failed(?: at partition 0x([0-9a-f]+))?/i.exec(text))) {
      seen.startFailed = match[1] === undefined ? (seen.partition ?? 0x01) : parseInt(match[1], 16);
      run.failingStep = text;
      quote(run, line);
    } else if (/^IAP$|only supported for STM32MP/.test(text)) {
      quote(run, line);
    } else if (/^Error:\s*\S/.test(text) && !/TSV flashing service failed/.test(text)) {
      seen.otherError ??= line;
    } else if (/Flashing service completed successfully|Download verified successfully/i.test(text)) {
      seen.succeeded = true;
      quote(run, line);
    }
  }
  classify(run, seen);
  return run;
}

/** The failure code a live run would have given, from what the run's lines said (most specific first). */
function classify(run: RunEvidence, seen: Seen): void {
  const partition = seen.startFailed ?? seen.partition ?? 0x01;
  const { left, next } = stagesAroundPartition(partition);
  if (seen.emptyIdentity.manuf && seen.emptyIdentity.product) {
    run.failingStep = 'identify the device';
    run.failure = {
      code: 'DEVICE_UNIDENTIFIED',
      message: `${errorCatalog.DEVICE_UNIDENTIFIED.message} CubeProgrammer took it for an MCU (IAP).`,
      evidence: {},
    };
  } else if (seen.usb?.inManifest === true && seen.usb.code === 'stall') {
    run.failure = {
      code: 'DEVICE_TRANSFER_ERROR',
      message: `The status request stalled (${seen.usb.text}) after the end of download of partition ${hex2(partition)}.`,
      evidence: {
        usbCode: 'stall',
        duringManifest: true,
        boardText: seen.usb.text,
        stage: left,
        partitionId: partition,
      },
    };
  } else if (
    seen.reconnectTimeout ||
    (seen.startFailed !== null && seen.dfuError === null && !seen.phaseFF && !seen.phaseRead)
  ) {
    run.failure = {
      code: 'DEVICE_NEVER_RETURNED',
      message: `The board left the bus to start partition ${hex2(partition)} and was not seen again${seen.reconnectTimeout ? ' (CubeProgrammer: time out expired)' : ''}.`,
      evidence: {
        stage: left,
        expectedStage: next,
        partitionId: partition,
        ...(seen.usb === null ? {} : { usbCode: seen.usb.code }),
      },
    };
  } else if (seen.phaseFF || seen.dfuError !== null || seen.phaseRead) {
    const boardText = seen.phaseFF
      ? 'PhaseID == 0xFF, system is going to reboot (the phase read on virtual partition 0xF1 failed)'
      : seen.phaseRead
        ? `${seen.dfuError ?? 'an error'} when the phase was read (virtual partition 0xF1), after partition ${hex2(partition)} was started`
        : `${seen.dfuError ?? 'an error'} right after the end of download of partition ${hex2(partition)}`;
    run.failure = {
      code: 'DEVICE_ERROR_STATUS',
      message: `${errorCatalog.DEVICE_ERROR_STATUS.message.replace(/\.$/, '')}: ${boardText}.`,
      evidence: { boardText, stage: left, partitionId: partition },
    };
  } else if (seen.otherError !== null) {
    quote(run, seen.otherError);
    run.failingStep = seen.otherError.text.trim();
  }
}

/** Reads a CubeProgrammer log: one run per banner (a log pasted from the middle of a run is one run). */
export function readCubeProgrammerLog(lines: readonly LogLine[], file: string): RunEvidence[] {
  const wholeText = lines.map((line) => line.text).join('\n');
  const starts = lines.flatMap((line, index) => (runStart.test(line.text) ? [index] : []));
  // A prompt line and the banner after it open one run, not two.
  const merged = starts.filter((start, i) => i === 0 || start - (starts[i - 1] ?? -10) > 3);
  const bounds = merged.length === 0 || merged[0] !== 0 ? [0, ...merged] : merged;
  return bounds
    .map((start, i) => lines.slice(start, bounds[i + 1] ?? lines.length))
    .filter((chunk) =>
      chunk.some((line) => cubeProgrammerMarks.test(line.text) || /USB speed/.test(line.text)),
    )
    .map((chunk) => readRun(chunk, file, wholeText));
}
