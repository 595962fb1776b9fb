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
 * A folder that cannot be read completes to nothing.
 */
export async function completePath(prefix: string, cwd: string): Promise<PathCompletion[]> {
  const typedDir = prefix.endsWith('/') || prefix.endsWith(path.sep) ? prefix : path.dirname(prefix);
  const typedName = prefix.endsWith('/') || prefix.endsWith(path.sep) ? '' : path.basename(prefix);
  const dir = path.resolve(cwd, typedDir === '' ? '.' : typedDir);
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
