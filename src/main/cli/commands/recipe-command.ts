import path from 'node:path';
import type { Command } from 'commander';
import type { LayoutCheckReport } from '../../../shared/layout';
import type { RecipeCheckReport, RecipeIssue } from '../../../shared/recipe';
import { checkRecipe, recipeNotRead } from '../../engine/recipe/check-recipe';
import { createRecipe } from '../../engine/recipe/create-recipe';
import type { CliIo } from '../cli-io';
import { CliOutput } from '../cli-io';
import { exitCodes, type ExitCode } from '../exit-codes';

interface CheckOptions {
  readonly json?: boolean;
}

interface InitOptions {
  readonly output?: string;
  readonly name?: string;
  readonly force?: boolean;
}

/** Runs `work`; on Ctrl+C answers the interrupted status instead of its error. */
async function unlessInterrupted<T>(
  io: CliIo,
  out: CliOutput,
  work: () => Promise<T>,
): Promise<T | ExitCode> {
  try {
    return await work();
  } catch (error) {
    if (!io.interrupt.aborted) throw error;
    out.error('Interrupted: the recipe was not finished.');
    return exitCodes.interrupted;
  }
}

async function check(file: string, options: CheckOptions, io: CliIo): Promise<ExitCode> {
  const out = new CliOutput(io);
  const report = await unlessInterrupted(io, out, () =>
    checkRecipe(file, { cwd: io.cwd, signal: io.interrupt }),
  );
  if (typeof report === 'number') return report;
  const unreadable = recipeNotRead(report);
  if (unreadable !== undefined) {
    out.error(`Error: ${unreadable.message}`);
    out.error(`    hint: ${unreadable.hint}`);
    return exitCodes.cannotStart;
  }
  if (options.json === true) out.json(report, 2);
  else printCheck(out, file, report, io.cwd);
  return report.ok ? exitCodes.success : exitCodes.failed;
}

function printCheck(out: CliOutput, file: string, report: RecipeCheckReport, cwd: string): void {
  out.info(`Recipe: ${report.path}${report.id === null ? '' : ` (id ${report.id})`}`);
  if (report.layout !== null) out.info(`Layout: ${report.layout.layout.path}`);
  printIssues(out, file, report.issues, report.layout, cwd);
  if (report.recipe !== null && report.ok)
    out.result(
      `The recipe ${report.recipe.name} is ready: the layout and its images are the ones it records.`,
    );
}

/** The recipe's issues, then the layout's, each as `file:line:column: severity CODE: message` and its hint. */
function printIssues(
  out: CliOutput,
  file: string,
  issues: readonly RecipeIssue[],
  layout: LayoutCheckReport | null,
  cwd: string,
): void {
  const layoutFile = layout === null ? '' : path.relative(cwd, layout.layout.path) || layout.layout.path;
  const all = [
    ...issues.map((issue) => ({ ...issue, file })),
    ...(layout?.issues ?? []).map((issue) => ({ ...issue, file: layoutFile })),
  ];
  for (const issue of all) {
    const where = issue.line === 0 ? issue.file : `${issue.file}:${issue.line}:${issue.column}`;
    out.result(`${where}: ${issue.severity} ${issue.code}: ${issue.message}`);
    out.result(`    hint: ${issue.hint}`);
  }
  const errors = all.filter((issue) => issue.severity === 'error').length;
  const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
  out.result(
    all.length === 0
      ? 'No problem found.'
      : `${plural(errors, 'error')}, ${plural(all.length - errors, 'warning')}.`,
  );
}

async function init(layout: string, options: InitOptions, io: CliIo): Promise<ExitCode> {
  const out = new CliOutput(io);
  const result = await unlessInterrupted(io, out, () =>
    createRecipe(layout, {
      cwd: io.cwd,
      signal: io.interrupt,
      ...(options.output === undefined ? {} : { output: options.output }),
      ...(options.name === undefined ? {} : { name: options.name }),
      ...(options.force === true ? { force: true } : {}),
    }),
  );
  if (typeof result === 'number') return result;
  if (!result.ok) {
    const shown = path.relative(io.cwd, result.path) || result.path;
    if (result.layout !== null && !result.layout.ok) {
      printIssues(out, shown, result.issues, result.layout, io.cwd);
      return exitCodes.failed;
    }
    for (const issue of result.issues)
      out.error(`Error: ${issue.code}: ${issue.message}\n    hint: ${issue.hint}`);
    return exitCodes.cannotStart;
  }
  const images = Object.keys(result.recipe.hashes.images).length;
  out.result(
    `Wrote ${result.path}: the SHA-256 of the layout and of ${images} image${images === 1 ? '' : 's'}.`,
  );
  out.result(
    `Check it with: stm32mp-flasher recipe check ${path.relative(io.cwd, result.path) || result.path}`,
  );
  return exitCodes.success;
}

export function registerRecipeCommand(program: Command, io: CliIo, setExit: (code: ExitCode) => void): void {
  const recipe = program
    .command('recipe')
    .description(
      'station recipes: a layout, its images’ SHA-256, the slots and the station settings in one file',
    );
  recipe
    .command('check')
    .description(
      'check a recipe, its layout as `check` does, and that the layout and images are the ones it records',
    )
    .argument('<file>', 'the recipe (YAML or JSON)')
    .option('--json', 'print one JSON document instead of lines')
    .showHelpAfterError(false)
    .action(async (file: string, options: CheckOptions) => {
      setExit(await check(file, options, io));
    });
  recipe
    .command('init')
    .description('write a new recipe for a layout, with the SHA-256 of the layout and its images filled in')
    .argument('<layout.tsv>', 'the FlashLayout file')
    .option('-o, --output <file>', 'the recipe to write (default: beside the layout, <layout>.recipe.yaml)')
    .option('--name <name>', 'the recipe’s name (default: the layout’s file name)')
    .option('--force', 'replace the recipe file if it is there')
    .showHelpAfterError(false)
    .action(async (layout: string, options: InitOptions) => {
      setExit(await init(layout, options, io));
    });
}
