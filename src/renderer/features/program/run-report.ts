import type { BoardSummary, ResponseOf } from '../../../shared/contract';
import type { Stage } from '../../../shared/board';
import type { RunRecordFields } from '../../../shared/run-record';
import { formatBytes, formatRate } from '../../app/format-bytes';
import { formatDuration } from '../../app/format-duration';
import type { RunState } from './run-state';
import { stageNames } from './stage-names';

export interface LayoutIdentity {
  readonly path: string;
  /** Null when main could not read the file (moved, deleted). */
  readonly sha256: string | null;
  readonly bytes: number | null;
  readonly skippedIds: readonly number[];
}

export interface ReportInput {
  readonly run: RunState;
  readonly app: ResponseOf<'app.info'> | null;
  readonly board: BoardSummary | null;
  readonly nickname: string | null;
  readonly layout: LayoutIdentity | null;
  /** What `program --report` records too (src/shared/run-record.ts); null when the layout could not be hashed. */
  readonly record?: RunRecordFields | null;
  readonly generatedAt: Date;
}

/** A run's report, as JSON: what a support thread needs, in one paste. */
export interface RunReport {
  readonly reportVersion: 2;
  readonly generatedAt: string;
  readonly app: { name: string; version: string; platform: string; transport: string } | null;
  readonly board: {
    id: string;
    nickname: string | null;
    virtual: boolean;
    soc: string | null;
    revision: string | null;
    serial: string | null;
    slot: string;
    speed: string;
    product: string | null;
  } | null;
  readonly layout: LayoutIdentity | null;
  readonly outcome: { ok: boolean; code: string | null; message: string | null; elapsedMs: number };
  readonly partitions: readonly {
    id: number;
    name: string;
    status: string;
    bytes: number;
    total: number | null;
    timeMs: number | null;
    bytesPerSecond: number | null;
  }[];
  readonly timeline: readonly {
    stage: Stage;
    startedMs: number;
    endedMs: number | null;
    elapsedMs: number;
  }[];
  readonly reconnects: readonly {
    phase: string;
    expectedStage: Stage;
    elapsedMs: number;
    matchedBy: string | null;
    extendedBecause: string | null;
  }[];
  readonly diagnosis: { code: string | null; hints: readonly string[]; consoleLines: readonly string[] };
  readonly warnings: readonly { code: string; message: string; hint: string }[];
  /** The same fields as the CLI's `program --report` file: hashes, board serial, finished partitions. */
  readonly record: RunRecordFields | null;
}

const hex2 = (value: number) => `0x${value.toString(16).padStart(2, '0')}`;

export function buildRunReport({
  run,
  app,
  board,
  nickname,
  layout,
  record = null,
  generatedAt,
}: ReportInput): RunReport {
  const end = run.result?.elapsedMs ?? run.elapsedMs;
  return {
    reportVersion: 2,
    generatedAt: generatedAt.toISOString(),
    app:
      app === null
        ? null
        : { name: app.name, version: app.version, platform: app.platform, transport: app.transport },
    board:
      board === null
        ? null
        : {
            id: board.id,
            nickname,
            virtual: board.virtual,
            soc: board.soc,
            revision: board.revision,
            serial: board.serial,
            slot: board.slot,
            speed: board.speed,
            product: board.product,
          },
    layout,
    outcome: {
      ok: run.result?.ok ?? false,
      code: run.result?.code ?? null,
      message: run.result?.message ?? null,
      elapsedMs: end,
    },
    partitions: run.partitions.map((partition) => {
      const timeMs =
        partition.firstMs === null || partition.lastMs === null ? null : partition.lastMs - partition.firstMs;
      return {
        id: partition.id,
        name: partition.name,
        status: partition.status,
        bytes: partition.bytes,
        total: partition.total,
        timeMs,
        bytesPerSecond: timeMs === null || timeMs <= 0 ? null : Math.round((partition.bytes * 1000) / timeMs),
      };
    }),
    timeline: run.timeline.map((entry) => ({
      ...entry,
      elapsedMs: (entry.endedMs ?? end) - entry.startedMs,
    })),
    reconnects: run.reconnects.map((event) => ({
      phase: event.phase,
      expectedStage: event.expectedStage,
      elapsedMs: event.elapsedMs,
      matchedBy: event.matchedBy,
      extendedBecause: event.extendedBecause,
    })),
    diagnosis: {
      code: run.result?.code ?? null,
      hints: run.result?.hints ?? [],
      consoleLines: run.result?.consoleLines ?? [],
    },
    warnings: run.warnings.map(({ code, message, hint }) => ({ code, message, hint })),
    record,
  };
}

function boardLine(board: RunReport['board']): string {
  if (board === null) return 'Board: unknown';
  const what = `${board.soc ?? 'unknown SoC'}${board.virtual ? ' (virtual)' : ''}`;
  const name = board.nickname === null ? '' : ` "${board.nickname}"`;
  const revision = board.revision === null ? '' : ` rev. ${board.revision}`;
  const speed = board.speed === 'unknown' ? 'speed unknown' : `${board.speed} speed`;
  const product = board.product === null ? '' : `, ${board.product}`;
  return `Board: ${what}${name}${revision}, serial ${board.serial ?? 'none'}, slot ${board.slot}, ${speed}${product}`;
}

/** The same report as plain text, for a mail or a forum post. */
export function formatRunReport(report: RunReport): string {
  const lines: string[] = [];
  const { outcome, board, layout, app } = report;
  lines.push(`STM32MP Flasher report, ${report.generatedAt}`);
  lines.push(
    `Outcome: ${outcome.ok ? 'success' : `failed${outcome.code === null ? '' : ` (${outcome.code})`}`} after ${formatDuration(outcome.elapsedMs)}`,
  );
  if (outcome.message !== null) lines.push(`What happened: ${outcome.message}`);
  lines.push(
    app === null ? 'App: unknown' : `App: ${app.name} ${app.version} on ${app.platform} (${app.transport})`,
  );
  lines.push(boardLine(board));
  if (layout !== null) {
    lines.push(`Layout: ${layout.path}`);
    lines.push(
      `Layout SHA-256: ${layout.sha256 ?? 'not readable'}${layout.bytes === null ? '' : ` (${layout.bytes} bytes)`}`,
    );
    if (layout.skippedIds.length > 0) lines.push(`Left out: ${layout.skippedIds.map(hex2).join(', ')}`);
  }
  lines.push('', 'Partitions:');
  for (const partition of report.partitions) {
    lines.push(
      `  ${hex2(partition.id)} ${partition.name.padEnd(16)} ${partition.status.padEnd(8)} ${formatBytes(partition.bytes)}${partition.total === null ? '' : ` of ${formatBytes(partition.total)}`}${partition.timeMs === null ? '' : `, ${formatDuration(partition.timeMs)}, ${formatRate(partition.bytesPerSecond)}`}`,
    );
  }
  lines.push('', 'Stages:');
  for (const entry of report.timeline) {
    lines.push(
      `  ${stageNames[entry.stage].padEnd(20)} from ${formatDuration(entry.startedMs)}, ${formatDuration(entry.elapsedMs)}`,
    );
  }
  for (const event of report.reconnects) {
    lines.push(
      `  reconnect ${event.phase} → ${stageNames[event.expectedStage]} at ${formatDuration(event.elapsedMs)}${event.matchedBy === null ? '' : ` (matched by ${event.matchedBy})`}${event.extendedBecause === null ? '' : ` (extended: ${event.extendedBecause})`}`,
    );
  }
  if (report.warnings.length > 0) {
    lines.push('', 'Warnings:');
    for (const warning of report.warnings)
      lines.push(`  ${warning.code}: ${warning.message} ${warning.hint}`);
  }
  if (report.diagnosis.hints.length > 0) {
    lines.push('', outcome.ok ? 'Next:' : 'What to try, most likely first:');
    report.diagnosis.hints.forEach((hint, index) => lines.push(`  ${index + 1}. ${hint}`));
  }
  if (report.diagnosis.consoleLines.length > 0) {
    lines.push('', 'Last console lines:');
    for (const line of report.diagnosis.consoleLines) lines.push(`  | ${line}`);
  }
  return `${lines.join('\n')}\n`;
}
