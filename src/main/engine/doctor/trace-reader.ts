import { z } from 'zod';
import { stages } from '../../../shared/board';
import { programFailureCodes, programWarningCodes } from '../../../shared/program-events';
import { socByDeviceId } from '../../protocol/soc-table';
import type { UsbErrorCode } from '../../usb/usb-error';
import { usbErrorCodes } from '../../usb/usb-error';
import { emptyRun, type LogLine, quote, reach, type RunEvidence } from './run-evidence';

/** A line of `program --log`: an ISO time, then a USB request, an event as JSON, or `console <id> | <line>`. */
const traceLine = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z (.*)$/;

export function isTraceLog(lines: readonly LogLine[]): boolean {
  return lines.some((line) => /^\S+Z \{"type":"(stage|result|partition-progress)"/.test(line.text));
}

/** The fields of the events the doctor reads; the rest of each event is ignored. */
const eventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('stage'), stage: z.enum(stages) }),
  z.object({ type: z.literal('partition-progress'), partitionId: z.number(), done: z.boolean() }),
  z.object({
    type: z.literal('reconnect'),
    expectedStage: z.enum(stages).optional(),
    secondsLeft: z.number().optional(),
  }),
  z.object({ type: z.literal('warning'), code: z.string() }),
  z.object({
    type: z.literal('result'),
    ok: z.boolean(),
    code: z.enum(programFailureCodes).nullable(),
    message: z.string().optional(),
    warnings: z.array(z.string()),
  }),
]);

const isWarning = (code: string): code is (typeof programWarningCodes)[number] =>
  (programWarningCodes as readonly string[]).includes(code);

function usbCodeOf(reason: string): UsbErrorCode | undefined {
  return usbErrorCodes.find((code) => new RegExp(`\\b${code}\\b`, 'i').test(reason));
}

function parseEvent(json: string): z.infer<typeof eventSchema> | null {
  try {
    const parsed = eventSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Reads this flasher's own trace: its events are the live run's evidence itself (stages, partitions, reconnect
 * waits, warnings, the result's code and message), its `console` lines the board's console, and its last failed
 * USB request the failing step.
 */
export function readTraceLog(lines: readonly LogLine[], file: string): RunEvidence[] {
  const run = emptyRun('program --log trace', file);
  run.consoleLines = null;
  let expectedStage: (typeof stages)[number] | undefined;
  let usbCode: UsbErrorCode | undefined;
  let waiting = false;
  for (const line of lines) {
    const body = traceLine.exec(line.text)?.[2];
    if (body === undefined) continue;
    const consoleText = /^console \S+ \| (.*)$/.exec(body)?.[1];
    if (consoleText !== undefined) {
      run.consoleLines = [...(run.consoleLines ?? []), consoleText];
      continue;
    }
    const opened = /^open \S+ .*@Device ID \/0x([0-9a-f]+)/i.exec(body)?.[1];
    if (opened !== undefined) run.soc ??= socByDeviceId(parseInt(opened, 16))?.soc ?? null;
    const failed = /^(.*) -> FAILED (.*)$/.exec(body);
    if (failed !== null) {
      run.failingStep = `${failed[1] ?? ''}: ${failed[2] ?? ''}`;
      usbCode = usbCodeOf(failed[2] ?? '') ?? usbCode;
      quote(run, line);
      continue;
    }
    if (!body.startsWith('{')) continue;
    const event = parseEvent(body);
    if (event === null) continue;
    if (event.type === 'stage') reach(run, event.stage);
    else if (
      event.type === 'partition-progress' &&
      event.done &&
      !run.partitionsSent.includes(event.partitionId)
    )
      run.partitionsSent.push(event.partitionId);
    else if (event.type === 'reconnect') {
      expectedStage = event.expectedStage ?? expectedStage;
      if (!waiting) run.reconnectWaits++;
      waiting = true;
      continue;
    } else if (event.type === 'warning') {
      if (isWarning(event.code) && !run.warnings.includes(event.code)) run.warnings.push(event.code);
      quote(run, line);
    } else if (event.type === 'result') {
      for (const code of event.warnings)
        if (isWarning(code) && !run.warnings.includes(code)) run.warnings.push(code);
      quote(run, { line: line.line, text: line.text.slice(0, 300) });
      if (!event.ok && event.code !== null)
        run.failure = {
          code: event.code,
          message: event.message ?? '',
          evidence: {
            ...(run.stagesReached.at(-1) === undefined ? {} : { stage: run.stagesReached.at(-1) }),
            ...(expectedStage === undefined ? {} : { expectedStage }),
            ...(usbCode === undefined ? {} : { usbCode }),
          },
        };
    }
    waiting = false;
  }
  if (run.warnings.includes('LINK_FULL_SPEED')) run.linkSpeed = 'full';
  return [run];
}
