import { hostname } from 'node:os';
import { fastbootAccess } from '../engine/fast-path/fastboot-access';
import path from 'node:path';
import type { BoardTag, ProgramEvent } from '../../shared/program-events';
import type { Recipe, RecipeIssue } from '../../shared/recipe';
import { appIdentity } from '../app-identity';
import { checkRecipe } from '../engine/recipe/check-recipe';
import type { ConsoleService } from '../engine/console/console-service';
import { boardConsoleOf } from '../engine/session/board-console';
import { prepareLayoutRun } from '../engine/session/program-layout';
import { writeBoardReport } from '../engine/station/board-report';
import { StationLog } from '../engine/station/station-log';
import { SlotTeacher } from '../engine/station/slot-teacher';
import { recordSlots } from '../engine/recipe/record-slots';
import { stationRecordOf } from '../engine/station/station-record-of';
import { StationRunner } from '../engine/station/station-runner';
import type { BoardSource } from '../services/board-directory';

export interface OpenedStation {
  readonly runner: StationRunner;
  readonly recipe: Recipe;
  readonly recipeId: string;
  /** The station log's two files. */
  readonly logFiles: { readonly jsonl: string; readonly csv: string };
  /** Teaches the slots (`on`), writing them into the recipe; answers whether it teaches and how many slots. */
  teach(on: boolean): Promise<{ teaching: boolean; slots: number }>;
  /** Cancels the runs (each still recorded), then closes the log. */
  close(): Promise<void>;
}

/** A recipe that may not run: its problems, each `file:line:col: CODE message` with its hint. */
export class StationRefused extends Error {
  readonly issues: readonly RecipeIssue[];

  constructor(issues: readonly RecipeIssue[]) {
    super(
      issues
        .filter((issue) => issue.severity === 'error')
        .map(
          (issue) =>
            `${issue.file}:${issue.line}:${issue.column}: ${issue.code} ${issue.message}\n    hint: ${issue.hint}`,
        )
        .join('\n') || 'the recipe cannot run',
    );
    this.issues = issues;
  }
}

export interface OpenStationOptions {
  readonly cwd: string;
  /** The station's name in its log (default: this computer's host name). */
  readonly stationName?: string;
  /** Every run's events with their board (the CLI prints them). */
  readonly onEvent?: (board: BoardTag, event: ProgramEvent) => void;
  /** Overrides the recipe's autoProgram (the headless `factory` always watches). */
  readonly auto?: boolean;
  readonly signal?: AbortSignal;
  /** The consoles the source's boards' UARTs are attached to: their lines go into runs and diagnoses. */
  readonly consoles?: ConsoleService;
}

/**
 * A station from a recipe, for `factory` and `serve --station`: the recipe checked as `recipe check` does (a
 * changed layout or image refuses it, naming the file), one plan for every board, the station log opened in
 * the recipe's log folder (default `station-log/` beside the recipe), and a runner on the given board source.
 */
export async function openStation(
  recipePath: string,
  source: BoardSource,
  options: OpenStationOptions,
): Promise<OpenedStation> {
  const report = await checkRecipe(recipePath, {
    cwd: options.cwd,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!report.ok || report.recipe === null || report.id === null) throw new StationRefused(report.issues);
  const { recipe } = report;
  const recipeDir = path.dirname(report.path);
  const prepared = await prepareLayoutRun({
    layoutPath: path.resolve(recipeDir, recipe.layout),
    cwd: recipeDir,
    fast: recipe.fast ?? 'auto',
    ...(recipe.partitions?.only === undefined ? {} : { only: recipe.partitions.only }),
    ...(recipe.partitions?.skip === undefined ? {} : { skip: recipe.partitions.skip }),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (prepared.kind === 'refused')
    throw new Error(prepared.result.message ?? 'the recipe’s layout cannot be programmed');
  const logFolder = path.resolve(recipeDir, recipe.log?.folder ?? 'station-log');
  const log = await StationLog.open(logFolder, {
    baseName: `station-${report.id}`,
  });
  const context = {
    station: options.stationName ?? hostname(),
    recipeId: report.id,
    layoutSha256: recipe.hashes.layout,
    imageSha256: recipe.hashes.images,
    appVersion: appIdentity.version,
    verify: recipe.verify,
  };
  const runner = new StationRunner({
    name: recipe.name,
    tracker: source.tracker,
    backend: source.backend,
    plan: prepared.plan,
    slots: recipe.slots,
    auto: options.auto ?? recipe.autoProgram,
    resetAtEnd: recipe.resetAtEnd,
    verify: recipe.verify,
    fast: {
      mode: recipe.fast ?? 'auto',
      ...(recipe.fastDevice === undefined ? {} : { device: recipe.fastDevice }),
      access: await fastbootAccess({ platform: process.platform, simulated: source.inProcess === true }),
    },
    reconnect: recipe.deadlines?.reconnectMs === undefined ? {} : { returnMs: recipe.deadlines.reconnectMs },
    ...(recipe.deadlines?.writeMs === undefined ? {} : { writeTimeoutMs: recipe.deadlines.writeMs }),
    record: async (attempt) => {
      const record = stationRecordOf(attempt, context);
      await log.append(record);
      // The per-board report is for reading later: a report that cannot be written does not undo the record.
      await writeBoardReport(logFolder, record, attempt.result).catch(() => undefined);
    },
    consoleOf: (board) => {
      const id = source.consoleOf(board.id);
      return id === null || options.consoles === undefined ? null : boardConsoleOf(options.consoles, id);
    },
    ...(source.beforeRun === undefined
      ? {}
      : {
          beforeRun: (boardId: string) => source.beforeRun?.(boardId, prepared) ?? Promise.resolve(),
        }),
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
  });
  const teacher = new SlotTeacher(source.tracker, runner, async (slots) => {
    const written = await recordSlots(report.path, slots);
    if (!written.ok) throw new StationRefused(written.issues);
  });
  return {
    runner,
    recipe,
    recipeId: report.id,
    async teach(on) {
      if (on) teacher.start();
      else await teacher.stop();
      return { teaching: teacher.teaching, slots: teacher.slots.length };
    },
    logFiles: { jsonl: log.jsonlPath, csv: log.csvPath },
    async close() {
      await teacher.stop();
      await runner.stop();
      await log.close();
    },
  };
}
