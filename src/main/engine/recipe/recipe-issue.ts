import { hintFor } from '../../../shared/errors';
import type { RecipeIssue, RecipeIssueCode } from '../../../shared/recipe';
import { formatRecipePath, type RecipePath, type SourcePosition } from './recipe-source';

export interface RecipeIssueInput {
  readonly code: RecipeIssueCode;
  readonly severity?: RecipeIssue['severity'];
  readonly file: string;
  /** Omitted: the whole file (line and column 0). */
  readonly at?: SourcePosition;
  readonly path?: RecipePath;
  readonly message: string;
  /** Omitted: the catalog's hint for the code. */
  readonly hint?: string;
}

/** One recipe problem as it is reported: an error unless said otherwise, the catalog's hint unless a better one. */
export function recipeIssue(input: RecipeIssueInput): RecipeIssue {
  return {
    code: input.code,
    severity: input.severity ?? 'error',
    file: input.file,
    line: input.at?.line ?? 0,
    column: input.at?.column ?? 0,
    path: formatRecipePath(input.path ?? []),
    message: input.message,
    hint: input.hint ?? hintFor(input.code, 'default'),
  };
}

export function hasErrors(issues: readonly RecipeIssue[]): boolean {
  return issues.some((issue) => issue.severity === 'error');
}
