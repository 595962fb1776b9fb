import { stat } from 'node:fs/promises';
import { isSafeStDriverInstallerPath, stDriverInstallerCandidates } from '../../../shared/st-dfu-driver';

/** Whether a regular file is at a path; injected, so that tests decide what "installed" means. */
export type FileExists = (path: string) => Promise<boolean>;

/** The real check: a regular file, any error (absent, no permission) read as no. */
export const statFileExists: FileExists = (path) =>
  stat(path).then(
    (found) => found.isFile(),
    () => false,
  );

/**
 * The first STM32CubeProgrammer DFU driver installer found under the environment's Program Files folders, or null.
 * A path the command could not carry safely (odd characters in a folder name) is skipped, never quoted around.
 */
export async function findStDriverInstaller(
  env: Readonly<Record<string, string | undefined>>,
  fileExists: FileExists,
): Promise<string | null> {
  for (const candidate of stDriverInstallerCandidates(env)) {
    if (isSafeStDriverInstallerPath(candidate) && (await fileExists(candidate))) return candidate;
  }
  return null;
}
