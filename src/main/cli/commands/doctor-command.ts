import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { DoctorReport, DoctorRun } from '../../../shared/contract/doctor';
import { diagnoseLogs, type LogFile } from '../../engine/doctor/log-doctor';
import type { CliIo } from '../cli-io';
import { CliOutput } from '../cli-io';
import { exitCodes, type ExitCode } from '../exit-codes';

interface DoctorOptions {
  readonly json?: boolean;
}

/** A log larger than this is not a console log someone copied (the doctor reads the whole file in memory). */
const maxLogBytes = 64 * 1024 * 1024;

async function readLogs(files: readonly string[], io: CliIo): Promise<LogFile[] | string> {
  const logs: LogFile[] = [];
  for (const name of files) {
    try {
      const text = await readFile(path.resolve(io.cwd, name));
      if (text.length > maxLogBytes)
        return `${name}: larger than ${maxLogBytes / 1024 / 1024} MiB, not a log I read.`;
      logs.push({ name, text: text.toString('utf8') });
    } catch (error) {
      const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
      return `${name}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'this is a folder' : 'cannot be read'}.`;
    }
  }
  return logs;
}

function printRun(out: CliOutput, run: DoctorRun, index: number, count: number): void {
  if (count > 1) out.result(`Run ${index + 1} of ${count} (${run.format}):`);
  out.outcome(
    run.code === null ? 'ok' : 'error',
    run.code === null ? `OK: ${run.message}` : `${run.code}: ${run.message}`,
  );
  for (const warning of run.warnings) out.outcome('warn', `Warning ${warning}`);
  run.hints.forEach((hint, rank) => out.result(`  ${rank + 1}. ${hint}`));
  if (run.quoted.length > 0) {
    out.result('  From the log:');
    for (const line of run.quoted) out.result(`    ${line.file}:${line.line}: ${line.text}`);
  }
}

function print(out: CliOutput, report: DoctorReport): void {
  if (!report.known) return;
  report.runs.forEach((run, index) => printRun(out, run, index, report.runs.length));
}

async function doctor(files: readonly string[], options: DoctorOptions, io: CliIo): Promise<ExitCode> {
  const out = new CliOutput(io);
  const logs = await readLogs(files, io);
  if (typeof logs === 'string') {
    out.error(`Error: ${logs}`);
    return exitCodes.cannotStart;
  }
  const report = diagnoseLogs(logs);
  if (!report.known) {
    if (options.json === true) out.json(report, 2);
    out.error(report.message);
    for (const format of report.formats) out.error(`  - ${format}`);
    return exitCodes.cannotStart;
  }
  if (options.json === true) out.json(report, 2);
  else print(out, report);
  return exitCodes.success;
}

export function registerDoctorCommand(program: Command, io: CliIo, setExit: (code: ExitCode) => void): void {
  program
    .command('doctor')
    .description(
      'read a failed programming log (STM32CubeProgrammer, dfu-util, program --log; the board’s UART log beside it) and say why it failed',
    )
    .argument('<log...>', 'the host log, and optionally the board’s UART log or the host’s dmesg')
    .option('--json', 'print one JSON document instead of the text')
    .showHelpAfterError(false)
    .action(async (files: string[], options: DoctorOptions) => {
      setExit(await doctor(files, options, io));
    });
}
