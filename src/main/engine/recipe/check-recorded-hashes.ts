import type { Recipe, RecipeIssue } from '../../../shared/recipe';
import { describeChanges, type ImageIdentity, readImageIdentity } from '../image/image-identity';
import type { LayoutAnalysis } from '../layout/check-flash-layout';
import { recordedImages } from './recorded-files';
import { recipeIssue } from './recipe-issue';
import type { RecipePath, RecipeSource } from './recipe-source';

export interface RecordedHashesInput {
  readonly recipe: Recipe;
  readonly source: RecipeSource;
  /** The recipe file (where issues are placed). */
  readonly file: string;
  readonly layoutPath: string;
  readonly analysis: LayoutAnalysis;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Holds the layout and each image it sends to the SHA-256 the recipe recorded (`hashes`), hashing each file as it
 * is now with the image-identity reader. Each missing or changed file, and each image the layout sends that
 * `hashes.images` does not record, is a RECIPE_FILE_CHANGED error naming the file; a recorded image the layout
 * no longer names is a warning.
 */
export async function checkRecordedHashes(input: RecordedHashesInput): Promise<RecipeIssue[]> {
  const { recipe, source, file } = input;
  const changed = (
    where: RecipePath,
    message: string,
    severity: RecipeIssue['severity'] = 'error',
  ): RecipeIssue =>
    recipeIssue({
      code: 'RECIPE_FILE_CHANGED',
      severity,
      file,
      at: source.positionOf(where),
      path: where,
      message,
    });
  const issues: RecipeIssue[] = [];
  if (input.analysis.layout === null) return issues;
  const layoutChange = await compare(input.layoutPath, recipe.hashes.layout, input.signal);
  if (layoutChange !== null)
    issues.push(changed(['hashes', 'layout'], `the layout ${recipe.layout}: ${layoutChange}`));
  const images = recordedImages(input.analysis);
  for (const [name, absolute] of images) {
    const expected = recipe.hashes.images[name];
    if (expected === undefined) {
      issues.push(
        changed(
          ['hashes', 'images'],
          `the image ${name} is sent by the layout but hashes.images has no SHA-256 for it`,
        ),
      );
      continue;
    }
    const change = await compare(absolute, expected, input.signal);
    if (change !== null) issues.push(changed(['hashes', 'images', name], `the image ${name}: ${change}`));
  }
  for (const name of Object.keys(recipe.hashes.images))
    if (!images.has(name))
      issues.push(
        recipeIssue({
          code: 'RECIPE_INVALID',
          severity: 'warning',
          file,
          at: source.keyPositionOf(['hashes', 'images'], name),
          path: ['hashes', 'images', name],
          message: `hashes.images records ${name}, which the layout does not send`,
          hint: 'Write the hashes again with `stm32mp-flasher recipe init <layout.tsv> --force`, or remove the line.',
        }),
      );
  return issues;
}

/** What differs between a file now and its recorded SHA-256, in words; null when it is the same. */
async function compare(
  absolute: string,
  sha256: string,
  signal: AbortSignal | undefined,
): Promise<string | null> {
  let actual: ImageIdentity;
  try {
    actual = await readImageIdentity(absolute, signal ? { signal } : {});
  } catch (error) {
    signal?.throwIfAborted();
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    const why = code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
    return `missing (${absolute}: ${why})`;
  }
  if (actual.sha256 === sha256) return null;
  const expected: ImageIdentity = { ...actual, sha256 };
  return `changed since the recipe was written: ${describeChanges(['content'], expected, actual)} at ${absolute}`;
}
