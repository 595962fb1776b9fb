import { stat } from 'node:fs/promises';
import path from 'node:path';
import { type Command, Option } from 'commander';
import type { Soc } from '../../../shared/board';
import type { LayoutCheckReport, LayoutIssue, LayoutPartitionReport } from '../../../shared/layout';
import { checkFlashLayout, layoutNotRead } from '../../engine/layout/check-flash-layout';
import type { CliIo } from '../cli-io';
import { CliOutput } from '../cli-io';
import { exitCodes, type ExitCode } from '../exit-codes';
import { escapeControls } from '../views/terminal-safe';

interface CheckOptions {
  readonly layoutOnly?: boolean;
  readonly soc?: Soc;
  readonly binariesDir?: string;
  readonly json?: boolean;
}

/** The order the issue and `--help` list them in. */
const socChoices: readonly Soc[] = ['mp15', 'mp13', 'mp25'];

async function check(file: string, options: CheckOptions, io: CliIo): Promise<ExitCode> {
  const out = new CliOutput(io);
  if (options.binariesDir !== undefined) {
    const dir = path.resolve(io.cwd, options.binariesDir);
    const isDir = await stat(dir).then(
      (info) => info.isDirectory(),
      () => false,
    );
    if (!isDir) {
      out.error(`Error: --binaries-dir ${options.binariesDir}: no such folder.`);
      return exitCodes.cannotStart;
    }
  }
  let report: LayoutCheckReport;
  try {
    report = await checkFlashLayout(file, {
      cwd: io.cwd,
      layoutOnly: options.layoutOnly === true,
      ...(options.soc === undefined ? {} : { soc: options.soc }),
      ...(options.binariesDir === undefined ? {} : { binariesDir: options.binariesDir }),
      signal: io.interrupt,
    });
  } catch (error) {
    if (!io.interrupt.aborted) throw error;
    out.error('Interrupted: the check did not finish.');
    return exitCodes.interrupted;
  }
  const unreadable = layoutNotRead(report);
  if (unreadable !== undefined) {
    out.error(`Error: ${unreadable.message}`);
    return exitCodes.cannotStart;
  }
  if (options.json === true) out.json(report, 2);
  else printReport(out, file, report, options.layoutOnly === true);
  return report.ok ? exitCodes.success : exitCodes.failed;
}

function printReport(out: CliOutput, file: string, report: LayoutCheckReport, layoutOnly: boolean): void {
  out.info(`Layout: ${report.layout.path}`);
  out.info(`Images: ${report.layout.baseDir}${layoutOnly ? ' (not read: --layout-only)' : ''}`);
  if (report.layout.partitions.length > 0) for (const line of partitionTable(report)) out.result(line);
  for (const issue of report.issues) {
    const where = issue.line === 0 ? file : `${file}:${issue.line}:${issue.column}`;
    out.result(`${where}: ${issue.severity} ${issue.code}: ${issue.message}`);
    out.result(`    hint: ${issue.hint}`);
  }
  out.result(summary(report.issues));
}

const tableHeader = ['Opt', 'Id', 'Name', 'Type', 'IP', 'Offset', 'Size', 'Binary', 'Status'];

/** One row per partition line, columns padded to the widest cell. */
export function partitionTable(report: LayoutCheckReport): string[] {
  const rows = report.layout.partitions.map((partition) =>
    [
      partition.opt,
      partition.id === null ? '?' : `0x${partition.id.toString(16).padStart(2, '0')}`,
      partition.name,
      partition.type,
      partition.ip,
      partition.offset,
      partition.size === null ? '-' : formatBytes(BigInt(partition.size)),
      partition.binary,
      lineStatus(partition, report.issues),
    ].map(escapeControls),
  );
  const table = [tableHeader, ...rows];
  const widths = tableHeader.map((_, column) => Math.max(...table.map((row) => (row[column] ?? '').length)));
  return table.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

function lineStatus(partition: LayoutPartitionReport, issues: readonly LayoutIssue[]): string {
  const own = issues.filter((issue) => issue.line === partition.line);
  const errors = own.filter((issue) => issue.severity === 'error');
  if (errors.length > 0) return `ERROR ${errors.map((issue) => issue.code).join(', ')}`;
  if (own.length > 0) return `warning ${own.map((issue) => issue.code).join(', ')}`;
  return 'ok';
}

/** A size people read: bytes below 1 KiB, else KiB/MiB/GiB with two decimals (exact bytes are in --json). */
export function formatBytes(bytes: bigint): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  if (bytes < 1024n) return `${bytes} B`;
  let value = Number(bytes) / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(2)} ${units[unit] ?? ''}`;
}

function summary(issues: readonly LayoutIssue[]): string {
  const errors = issues.filter((issue) => issue.severity === 'error').length;
  const warnings = issues.length - errors;
  const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
  if (issues.length === 0) return 'No problem found.';
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')}.${errors === 0 ? ' The layout can be programmed.' : ''}`;
}

export function registerCheckCommand(program: Command, io: CliIo, setExit: (code: ExitCode) => void): void {
  program
    .command('check')
    .description(
      'check a FlashLayout and its images, and report every problem before anything touches a board',
    )
    .argument('<layout.tsv>', 'the FlashLayout file')
    .option('--layout-only', 'check the layout alone; read no binary')
    .addOption(new Option('--soc <soc>', 'check .stm32 header versions against this SoC').choices(socChoices))
    .option(
      '--binaries-dir <dir>',
      'the folder binary paths are relative to (default: the first of the current folder, the layout folder and its parents that holds them all)',
    )
    .option('--json', 'print one JSON document instead of the table')
    // Usage errors are one line (issue 13): no help hint after them.
    .showHelpAfterError(false)
    .action(async (file: string, options: CheckOptions) => {
      setExit(await check(file, options, io));
    });
}
