import { errorCatalog } from '../../../shared/errors';
import { emptyRun, type LogLine, platformOf, quote, reach, type RunEvidence } from './run-evidence';
import { hex2, stagesAroundPartition } from './stage-of-partition';

/** dfu-util's banner and the lines only it prints (0.9 to 0.11). */
const dfuUtilMarks =
  /^dfu-util \d+\.\d+|^dfu-util: |Copying data from PC to DFU device|Claiming USB DFU Interface/m;

export function isDfuUtilLog(text: string): boolean {
  return dfuUtilMarks.test(text);
}

/** What one dfu-util invocation did: the alternate it wrote to, and how it ended. */
interface Invocation {
  partition: number | null;
  downloaded: boolean;
  manifested: boolean;
  done: boolean;
  ioAfterManifest: LogLine | null;
  errorState: LogLine | null;
  error: LogLine | null;
  noDevice: LogLine | null;
}

function newInvocation(): Invocation {
  return {
    partition: null,
    downloaded: false,
    manifested: false,
    done: false,
    ioAfterManifest: null,
    errorState: null,
    error: null,
    noDevice: null,
  };
}

/**
 * Reads a dfu-util log as one procedure (a recovery is several invocations: FSBL, then SSBL, then `-e`): each
 * invocation's alternate (`-a '@FSBL /0x01/…'`), download, manifest and end. A read error right after the FSBL's
 * manifest is the board leaving the ROM, not a failure, when a later download succeeds.
 */
export function readDfuUtilLog(lines: readonly LogLine[], file: string): RunEvidence[] {
  const run = emptyRun('dfu-util', file);
  run.platform = platformOf(lines.map((line) => line.text).join('\n'));
  const invocations: Invocation[] = [];
  let current = newInvocation();
  for (const line of lines) {
    const text = line.text.trim();
    if (/^dfu-util \d+\.\d+$/.test(text) || /(^|\$\s*)dfu-util\s+-/.test(text)) {
      if (
        /(^|\$\s*)dfu-util\s+-/.test(text) ||
        invocations.length === 0 ||
        current.downloaded ||
        current.error !== null
      ) {
        current = newInvocation();
        invocations.push(current);
      }
      const alt = /-a\s+'?@?\S*\s*\/0x([0-9a-f]+)/i.exec(text);
      if (alt?.[1] !== undefined) current.partition = parseInt(alt[1], 16);
      if (/-a\s/.test(text)) quote(run, line);
    } else if (/^Download done\./.test(text)) {
      current.downloaded = true;
      // An alternate named by its file (`-a u-boot.itb`) is the SSBL after the ROM's FSBL.
      current.partition ??= invocations.length <= 1 ? 0x01 : 0x03;
      if (!run.partitionsSent.includes(current.partition)) run.partitionsSent.push(current.partition);
    } else if (/^DFU state\(7\) = dfuMANIFEST/.test(text)) {
      current.manifested = true;
    } else if (/unable to read DFU status after completion \(LIBUSB_ERROR_\w+\)/.test(text)) {
      if (current.manifested) current.ioAfterManifest = line;
      else current.error = line;
      quote(run, line);
    } else if (/^DFU state\(10\) = dfuERROR/.test(text)) {
      current.errorState ??= line;
      quote(run, line);
    } else if (/No DFU capable USB device available/.test(text)) {
      current.noDevice = line;
      quote(run, line);
    } else if (
      /^dfu-util: (Error|error|Cannot|Lost device|Transfer|unable)/.test(text) &&
      !/suffix/.test(text)
    ) {
      current.error ??= line;
      quote(run, line);
    } else if (/^Done!$/.test(text)) {
      current.done = true;
      quote(run, line);
    } else if (/^Device ID 0483:df11/.test(text)) {
      reach(run, 'rom');
    }
  }
  classify(run, invocations);
  return [run];
}

function classify(run: RunEvidence, invocations: readonly Invocation[]): void {
  for (const [index, call] of invocations.entries()) {
    const partition = call.partition ?? 0x01;
    const { left, next } = stagesAroundPartition(partition);
    const later = invocations.slice(index + 1);
    if (call.noDevice !== null) {
      run.failingStep = call.noDevice.text.trim();
      run.failure = {
        code: 'DEVICE_NOT_FOUND',
        message: errorCatalog.DEVICE_NOT_FOUND.message,
        evidence: {},
      };
      return;
    }
    if (call.errorState !== null) {
      run.failingStep = call.errorState.text.trim();
      run.failure = {
        code: 'DEVICE_ERROR_STATUS',
        message: `${errorCatalog.DEVICE_ERROR_STATUS.message} (partition ${hex2(partition)})`,
        evidence: { boardText: call.errorState.text.trim(), stage: left, partitionId: partition },
      };
      return;
    }
    if (call.error !== null) {
      run.failingStep = call.error.text.trim();
      run.failure = {
        code: 'DEVICE_TRANSFER_ERROR',
        message: `${errorCatalog.DEVICE_TRANSFER_ERROR.message} (dfu-util: ${call.error.text.trim()})`,
        evidence: { stage: left, partitionId: partition },
      };
      return;
    }
    if (call.done || call.ioAfterManifest !== null) reach(run, next);
    if (call.ioAfterManifest !== null && later.some((after) => after.downloaded && after.done))
      run.successNotes.push(
        `Success. dfu-util's "${call.ioAfterManifest.text.trim().replace(/^dfu-util: /, '')}" after the dfuMANIFEST of partition ${hex2(partition)} is expected: the board left the ROM for the next stage, and the downloads after it succeeded.`,
      );
  }
  const last = invocations.filter((call) => call.downloaded).at(-1);
  if (last !== undefined && run.successNotes.length === 0)
    run.successNotes.push(
      `Success: ${run.partitionsSent.map(hex2).join(' and ')} downloaded and manifested; the board goes on to the next stage.`,
    );
}
