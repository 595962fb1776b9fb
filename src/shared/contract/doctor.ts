import { z } from 'zod';
import { programFailureCodes } from '../program-events';
import { defineRequest } from './define';

/** The log formats the doctor reads, in the words its "not a log I know" answer lists them. */
export const doctorFormats = [
  'STM32CubeProgrammer console output (v2.1 to today, any verbosity, with or without timestamps)',
  'dfu-util output (with the host dmesg beside it)',
  'this flasher’s own `program --log` trace',
  'the board’s UART console log (beside one of the above)',
] as const;

/** One line of a log the diagnosis used, quoted with its file and line number (from 1). */
export const quotedLineSchema = z.object({
  file: z.string(),
  line: z.number().int().min(1),
  text: z.string(),
});
export type QuotedLine = z.infer<typeof quotedLineSchema>;

/** What one run in a log shows, as the live engine would have observed it. */
export const doctorFactsSchema = z.object({
  stagesReached: z.array(z.string()),
  partitionsSent: z.array(z.number().int()),
  /** The step that failed, in the log's words; null for a run that ended well. */
  failingStep: z.string().nullable(),
  linkSpeed: z.enum(['full', 'high']).nullable(),
  reconnectWaits: z.number().int().min(0),
});

/** The diagnosis of one run in a log: the same code, message and ranked hints as a live run's result. */
export const doctorRunSchema = z.object({
  format: z.string(),
  /** Null: the run ended well. */
  code: z.enum(programFailureCodes).nullable(),
  message: z.string(),
  warnings: z.array(z.string()),
  hints: z.array(z.string()),
  quoted: z.array(quotedLineSchema),
  facts: doctorFactsSchema,
});
export type DoctorRun = z.infer<typeof doctorRunSchema>;

export const doctorReportSchema = z.discriminatedUnion('known', [
  z.object({ known: z.literal(true), runs: z.array(doctorRunSchema).min(1) }),
  z.object({ known: z.literal(false), message: z.string(), formats: z.array(z.string()) }),
]);
export type DoctorReport = z.infer<typeof doctorReportSchema>;

/** Limit of a pasted or dropped log, each field: both stay within the browser shell’s 1 MiB WebSocket frame. */
export const maxDoctorTextLength = 400_000;

/** Reads a pasted or dropped log (and the board's UART log beside it) and answers its diagnosis. */
export const doctorRead = defineRequest(
  'doctor.read',
  z
    .object({
      text: z.string().max(maxDoctorTextLength),
      uartText: z.string().max(maxDoctorTextLength).optional(),
    })
    .strict(),
  doctorReportSchema,
);
