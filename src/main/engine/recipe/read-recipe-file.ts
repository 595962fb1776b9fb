import { NotARegularFileError } from '../files/file-kind';
import { FileTooLargeError, readSmallRegularFile } from '../files/open-regular-file';
import { recipeMaxBytes, type RecipeIssue } from '../../../shared/recipe';
import { recipeIssue } from './recipe-issue';

/**
 * A recipe file's text, or why it was not read: missing, not a regular file (a FIFO or device is refused before
 * a byte is read), over 64 KiB (refused unread), or not UTF-8.
 */
export async function readRecipeFile(file: string): Promise<{ text: string } | { issue: RecipeIssue }> {
  let bytes: Uint8Array;
  try {
    bytes = await readSmallRegularFile(file, recipeMaxBytes);
  } catch (error) {
    return { issue: recipeIssue({ code: 'RECIPE_UNREADABLE', file, message: whyNotRead(file, error) }) };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return {
      issue: recipeIssue({
        code: 'RECIPE_SYNTAX',
        file,
        message: `${file} is not UTF-8 text`,
        hint: 'Save the recipe as UTF-8 (any editor can), then check it again.',
      }),
    };
  }
}

function whyNotRead(file: string, error: unknown): string {
  if (error instanceof FileTooLargeError)
    return `${file} is ${error.size} bytes; a recipe is at most ${recipeMaxBytes} bytes (64 KiB)`;
  if (error instanceof NotARegularFileError) return `${file} is not a regular file: ${error.reason}`;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return `${file}: no such file`;
  if (code === 'EACCES' || code === 'EPERM') return `${file}: permission denied`;
  return `${file}: ${error instanceof Error ? error.message : String(error)}`;
}
