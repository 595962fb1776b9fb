import { rename, rm, writeFile } from 'node:fs/promises';
import { isMap } from 'yaml';
import { type Recipe, type RecipeIssue, type RecipeSlot, recipeSlotsSchema } from '../../../shared/recipe';
import { parseRecipe } from './parse-recipe';
import { readRecipeFile } from './read-recipe-file';
import { recipeIssue } from './recipe-issue';
import { formatRecipePath, RecipeSource } from './recipe-source';

export type RecordSlotsResult =
  { readonly ok: true; readonly recipe: Recipe } | { readonly ok: false; readonly issues: RecipeIssue[] };

/**
 * Rewrites a recipe's `slots` list (what teaching the slots found) and keeps the rest of the file as it is, its
 * comments included, through the YAML document. A JSON recipe stays JSON. Nothing is written when the slots or
 * the recipe they would make are invalid; the file is replaced in one rename, never left half-written.
 */
export async function recordSlots(
  recipePath: string,
  slots: readonly RecipeSlot[],
): Promise<RecordSlotsResult> {
  const read = await readRecipeFile(recipePath);
  if ('issue' in read) return { ok: false, issues: [read.issue] };
  const checked = recipeSlotsSchema.safeParse(slots);
  if (!checked.success)
    return {
      ok: false,
      issues: checked.error.issues.map((issue) =>
        recipeIssue({
          code: 'RECIPE_INVALID',
          file: recipePath,
          path: ['slots', ...issue.path],
          message: `${formatRecipePath(['slots', ...issue.path])}: ${issue.message}`,
        }),
      ),
    };
  const source = new RecipeSource(read.text);
  const { document } = source;
  if (document.errors.length > 0) return { ok: false, issues: parseRecipe(read.text, recipePath).issues };
  const json = isMap(document.contents) && document.contents.flow === true;
  document.set('slots', document.createNode(checked.data));
  const text = json ? `${JSON.stringify(document.toJS(), null, 2)}\n` : document.toString({ lineWidth: 0 });
  const parsed = parseRecipe(text, recipePath);
  if (parsed.recipe === null) return { ok: false, issues: parsed.issues };
  const temporary = `${recipePath}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, text, { flag: 'w' });
    await rename(temporary, recipePath);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return { ok: true, recipe: parsed.recipe };
}
