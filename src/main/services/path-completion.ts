import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { maxPathCompletions } from '../../shared/contract/layout';

export interface PathCompletion {
  readonly path: string;
  readonly kind: 'folder' | 'layout';
}

/**
 * The folders and `.tsv` files whose path starts with `prefix` (as typed: relative ones from `cwd`),
 * sorted, folders with a trailing separator. Hidden entries only when the typed name starts with a dot.
 * A folder that cannot be read, or that the file access policy does not let the client list, completes to
 * nothing. Only names and kinds are given, never contents.
 */
export async function completePath(
  prefix: string,
  cwd: string,
  mayList: (dir: string) => Promise<boolean> = async () => true,
): Promise<PathCompletion[]> {
  const typedDir = prefix.endsWith('/') || prefix.endsWith(path.sep) ? prefix : path.dirname(prefix);
  const typedName = prefix.endsWith('/') || prefix.endsWith(path.sep) ? '' : path.basename(prefix);
  const dir = path.resolve(cwd, typedDir === '' ? '.' : typedDir);
  if (!(await mayList(dir))) return [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const shown = prefix === '' || (typedDir === '.' && !prefix.startsWith('.')) ? '' : typedDir;
  const join = (name: string) =>
    shown === ''
      ? name
      : shown.endsWith('/') || shown.endsWith(path.sep)
        ? `${shown}${name}`
        : `${shown}/${name}`;
  return entries
    .filter(
      (entry) =>
        entry.name.startsWith(typedName) && (typedName.startsWith('.') || !entry.name.startsWith('.')),
    )
    .flatMap((entry): PathCompletion[] => {
      if (entry.isDirectory()) return [{ path: `${join(entry.name)}/`, kind: 'folder' }];
      if (entry.isFile() && entry.name.toLowerCase().endsWith('.tsv'))
        return [{ path: join(entry.name), kind: 'layout' }];
      return [];
    })
    .sort((a, b) => a.path.localeCompare(b.path))
    .slice(0, maxPathCompletions);
}
