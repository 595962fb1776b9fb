import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Document, isMap, isScalar } from 'yaml';
import type { LayoutCheckReport } from '../../../shared/layout';
import { type Recipe, type RecipeIssue, recipeSchema, recipeVersion } from '../../../shared/recipe';
import { readImageIdentity } from '../image/image-identity';
import { analyzeFlashLayout, layoutNotRead } from '../layout/check-flash-layout';
import { recipeIssue } from './recipe-issue';
import { recordedImages } from './recorded-files';

export interface CreateRecipeOptions {
  /** The recipe file to write; default: beside the layout, `<layout name>.recipe.yaml`. */
  readonly output?: string;
  /** The recipe's name; default: the layout's file name without `.tsv`. */
  readonly name?: string;
  /** Replace a file already there. */
  readonly force?: boolean;
  /** The folder relative paths are taken from (the CLI's current folder). */
  readonly cwd?: string;
  readonly signal?: AbortSignal;
}

export type CreateRecipeResult =
  | { readonly ok: true; readonly path: string; readonly recipe: Recipe; readonly layout: LayoutCheckReport }
  | {
      readonly ok: false;
      readonly path: string;
      readonly issues: RecipeIssue[];
      readonly layout: LayoutCheckReport | null;
    };

/**
 * Writes a new recipe for a layout with its hashes filled in (the layout's and each image's it sends, hashed by the
 * image-identity reader), so a person never types a SHA-256. The layout is checked as `check` does first: a
 * layout with errors gets no recipe. Slots start empty (teaching fills them), auto-program and reset off.
 */
export async function createRecipe(
  layoutPath: string,
  options: CreateRecipeOptions = {},
): Promise<CreateRecipeResult> {
  const cwd = options.cwd ?? process.cwd();
  const layoutFile = path.resolve(cwd, layoutPath);
  const layoutName = path.basename(layoutFile).replace(/\.tsv$/i, '');
  const file = path.resolve(
    cwd,
    options.output ?? path.join(path.dirname(layoutFile), `${layoutName}.recipe.yaml`),
  );
  const analysis = await analyzeFlashLayout(layoutFile, options.signal ? { signal: options.signal } : {});
  const refuse = (
    message: string,
    code: RecipeIssue['code'] = 'RECIPE_LAYOUT_INVALID',
  ): CreateRecipeResult => ({
    ok: false,
    path: file,
    issues: [recipeIssue({ code, file, message })],
    layout: layoutNotRead(analysis.report) === undefined ? analysis.report : null,
  });
  const notRead = layoutNotRead(analysis.report);
  if (notRead !== undefined) return refuse(`the layout was not read: ${notRead.message}`);
  const errors = analysis.report.issues.filter((issue) => issue.severity === 'error').length;
  if (errors > 0)
    return refuse(
      `the layout ${layoutFile} has ${errors} error${errors === 1 ? '' : 's'}: no recipe was written`,
    );
  const signal = options.signal ? { signal: options.signal } : {};
  const images: Record<string, string> = {};
  for (const [name, absolute] of recordedImages(analysis))
    images[name] = (await readImageIdentity(absolute, signal)).sha256;
  const recipe = recipeSchema.parse({
    version: recipeVersion,
    name: options.name ?? layoutName,
    layout: path.relative(path.dirname(file), layoutFile).split(path.sep).join('/'),
    autoProgram: false,
    slots: [],
    resetAtEnd: false,
    verify: false,
    hashes: { layout: (await readImageIdentity(layoutFile, signal)).sha256, images },
  });
  try {
    await writeFile(file, recipeText(recipe), { flag: options.force === true ? 'w' : 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'EEXIST') return refuse(`${file} is already there; it was left as it is`, 'RECIPE_EXISTS');
    const why =
      code === 'ENOENT'
        ? 'its folder does not exist'
        : error instanceof Error
          ? error.message
          : String(error);
    return refuse(`${file} could not be written: ${why}`, 'RECIPE_UNWRITABLE');
  }
  return { ok: true, path: file, recipe, layout: analysis.report };
}

/** Comments written above keys, so the file explains itself to the person who edits it. */
const keyComments: Partial<Record<keyof Recipe, string>> = {
  layout:
    ' The FlashLayout, relative to this file. Optional keys: partitions: { only: [0x21] } or { skip: [...] },\n deadlines: { reconnectMs: 30000, writeMs: 300000 }, log: { folder: station-log }.',
  slots: ' One per USB port of the station: - name: "1"  port: 1-2.3 (teaching the slots fills this list).',
  hashes:
    ' SHA-256 of the layout and of each image it sends: a station refuses to run when one changed.\n Written by `stm32mp-flasher recipe init`; do not edit by hand.',
};

/** The recipe as a commented YAML file. */
export function recipeText(recipe: Recipe): string {
  const document = new Document(recipe);
  document.commentBefore = ` STM32MP Flasher station recipe (version ${recipe.version}). Check it with: stm32mp-flasher recipe check <this file>`;
  if (isMap(document.contents))
    for (const pair of document.contents.items) {
      const comment = isScalar(pair.key) ? keyComments[String(pair.key.value) as keyof Recipe] : undefined;
      if (comment === undefined || !isScalar(pair.key)) continue;
      pair.key.commentBefore = comment;
      pair.key.spaceBefore = true;
    }
  return document.toString({ lineWidth: 0 });
}
