import path from 'node:path';
import type { LayoutCheckReport } from '../../../shared/layout';
import type { Recipe, RecipeCheckReport, RecipeIssue } from '../../../shared/recipe';
import { recipeId } from '../../../shared/recipe';
import { analyzeFlashLayout, type LayoutAnalysis, layoutNotRead } from '../layout/check-flash-layout';
import { checkRecordedHashes } from './check-recorded-hashes';
import { parseRecipe } from './parse-recipe';
import { readRecipeFile } from './read-recipe-file';
import { hasErrors, recipeIssue } from './recipe-issue';
import type { RecipeSource } from './recipe-source';

export interface CheckRecipeOptions {
  /** The folder a relative recipe path is taken from (the CLI's current folder). */
  readonly cwd?: string;
  /** Cancels hashing large images; the promise then rejects with an AbortError. */
  readonly signal?: AbortSignal;
}

/**
 * Checks a station recipe as `check` does a layout: the recipe's text and schema, its layout as `check` checks it
 * (the same function), and the SHA-256 of the layout and of every image the layout sends against `hashes`. A
 * missing or changed file is a RECIPE_FILE_CHANGED error naming the file and what changed.
 */
export async function checkRecipe(
  recipePath: string,
  options: CheckRecipeOptions = {},
): Promise<RecipeCheckReport> {
  const file = path.resolve(options.cwd ?? process.cwd(), recipePath);
  const empty = { path: file, id: null, recipe: null, layout: null };
  const read = await readRecipeFile(file);
  if ('issue' in read) return { ...empty, ok: false, issues: [read.issue] };
  const parsed = parseRecipe(read.text, file);
  if (parsed.recipe === null) return { ...empty, ok: false, issues: parsed.issues };
  const { recipe, source } = parsed;
  const layoutPath = path.resolve(path.dirname(file), recipe.layout);
  const analysis = await analyzeFlashLayout(layoutPath, options.signal ? { signal: options.signal } : {});
  const issues = [
    ...layoutIssues(analysis.report, recipe, source, file),
    ...(await checkRecordedHashes({ recipe, source, file, layoutPath, analysis, signal: options.signal })),
    ...partitionIssues(analysis, recipe, source, file),
  ];
  if (recipe.autoProgram && recipe.slots.length === 0)
    issues.push(
      recipeIssue({
        code: 'RECIPE_INVALID',
        severity: 'warning',
        file,
        at: source.positionOf(['autoProgram']),
        path: ['autoProgram'],
        message: 'autoProgram is on but no slot is taught: no board will start by itself',
        hint: 'Teach the slots (a name for each USB port of the station), or set `autoProgram: false`.',
      }),
    );
  const layout = layoutNotRead(analysis.report) === undefined ? analysis.report : null;
  return { path: file, ok: !hasErrors(issues), id: await recipeId(recipe), recipe, layout, issues };
}

/** A layout that was not read, or has errors: one issue at the recipe's `layout:` (the layout's own follow). */
function layoutIssues(
  report: LayoutCheckReport,
  recipe: Recipe,
  source: RecipeSource,
  file: string,
): RecipeIssue[] {
  const at = source.positionOf(['layout']);
  const notRead = layoutNotRead(report);
  if (notRead !== undefined)
    return [
      recipeIssue({
        code: 'RECIPE_FILE_CHANGED',
        file,
        at,
        path: ['layout'],
        message: `the layout ${recipe.layout} is missing or not readable: ${notRead.message}`,
      }),
    ];
  const errors = report.issues.filter((issue) => issue.severity === 'error').length;
  if (errors === 0) return [];
  return [
    recipeIssue({
      code: 'RECIPE_LAYOUT_INVALID',
      file,
      at,
      path: ['layout'],
      message: `the layout ${recipe.layout} has ${errors} error${errors === 1 ? '' : 's'} (listed with the layout's lines)`,
    }),
  ];
}

/** Partition ids under `partitions` that the layout has no line for. */
function partitionIssues(
  analysis: LayoutAnalysis,
  recipe: Recipe,
  source: RecipeSource,
  file: string,
): RecipeIssue[] {
  if (analysis.layout === null || recipe.partitions === undefined) return [];
  const ids = new Set(analysis.layout.partitions.map((partition) => partition.id));
  const key = recipe.partitions.only === undefined ? 'skip' : 'only';
  const listed = recipe.partitions[key] ?? [];
  return listed.flatMap((id, index) =>
    ids.has(id)
      ? []
      : [
          recipeIssue({
            code: 'RECIPE_INVALID',
            file,
            at: source.positionOf(['partitions', key, index]),
            path: ['partitions', key, index],
            message: `partitions.${key}: the layout has no partition with id 0x${id.toString(16).padStart(2, '0')}`,
            hint: 'Name partitions by the Id column of the layout (`stm32mp-flasher check <layout.tsv>` lists them).',
          }),
        ],
  );
}

/** The issue that says the recipe file itself was not read (missing, not a file, too large): exit 2 in the CLI. */
export function recipeNotRead(report: RecipeCheckReport): RecipeIssue | undefined {
  return report.issues.find((issue) => issue.code === 'RECIPE_UNREADABLE');
}
