import type { z } from 'zod';
import { type Recipe, recipeSchema } from '../../../shared/recipe';
import type { RecipeIssue } from '../../../shared/recipe';
import { hintForPath, hintForUnknownKey } from './recipe-hints';
import { recipeIssue } from './recipe-issue';
import { formatRecipePath, RecipeSource } from './recipe-source';

export interface ParsedRecipe {
  /** Null when the text has an error (then `issues` says where). */
  readonly recipe: Recipe | null;
  readonly issues: RecipeIssue[];
  /** The document as read, comments and positions kept: checks place their own issues with it. */
  readonly source: RecipeSource;
}

/**
 * Reads a recipe's text (YAML 1.2, so JSON too) and validates it against the recipe schema. Every issue has the
 * line and column of the value it is about: syntax errors where the parser stopped, schema errors at the node
 * of the offending path (an unknown key at the key itself, a missing one at the map that lacks it).
 */
export function parseRecipe(text: string, fileName: string): ParsedRecipe {
  const source = new RecipeSource(text);
  const { document } = source;
  if (document.errors.length > 0) {
    const issues = document.errors.map((error) =>
      recipeIssue({
        code: 'RECIPE_SYNTAX',
        file: fileName,
        at: source.at(error.pos[0]),
        message: error.message,
      }),
    );
    return { recipe: null, issues, source };
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      recipe: null,
      issues: [recipeIssue({ code: 'RECIPE_SYNTAX', file: fileName, message })],
      source,
    };
  }
  const result = recipeSchema.safeParse(data);
  if (result.success) return { recipe: result.data, issues: [], source };
  return {
    recipe: null,
    issues: result.error.issues.flatMap((issue) => schemaIssues(issue, source, fileName)),
    source,
  };
}

/** One zod issue as recipe issues (an unknown-keys issue gives one per key, each at its key). */
function schemaIssues(issue: z.core.$ZodIssue, source: RecipeSource, file: string): RecipeIssue[] {
  const path = issue.path;
  if (issue.code === 'unrecognized_keys')
    return issue.keys.map((key) =>
      recipeIssue({
        code: 'RECIPE_INVALID',
        file,
        at: source.keyPositionOf(path, key),
        path: [...path, key],
        message: `${formatRecipePath([...path, key])}: this key is not part of a recipe`,
        hint: hintForUnknownKey(path),
      }),
    );
  const where = formatRecipePath(path);
  const missing = path.length > 0 && !source.document.hasIn(path);
  const what = missing ? 'is missing' : issue.message;
  return [
    recipeIssue({
      code: 'RECIPE_INVALID',
      file,
      at: source.positionOf(path),
      path,
      message: where === '' ? `the recipe: ${what}` : `${where}: ${what}`,
      hint: hintForPath(path),
    }),
  ];
}
