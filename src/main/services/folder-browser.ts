import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { maxBrowseEntries, type BrowseEntry, type FolderListing } from '../../shared/contract';
import { FlasherError } from '../../shared/errors';
import type { FileAccessPolicy } from './file-access-policy';
import { fileReadError } from './file-read-error';

export interface FolderBrowserOptions {
  /** Where a relative folder starts, and where browsing starts when the client names none (if it may). */
  readonly cwd: string;
  /** What the client may list and read: the same policy every other request obeys. */
  readonly policy: FileAccessPolicy;
  /** How many entries are listed at most (the contract's cap unless a test says otherwise). */
  readonly limit?: number;
}

const byName = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function notListed(folder: string, policy: FileAccessPolicy): FlasherError {
  return new FlasherError('PATH_NOT_ALLOWED', `${folder} is not listed: ${policy.describe()}.`);
}

/** What a directory entry is for "Browse…": symlinks followed; null for anything else (and broken links). */
async function kindOf(entry: Dirent, full: string): Promise<BrowseEntry['kind'] | null> {
  const isLayout = (name: string) => name.toLowerCase().endsWith('.tsv');
  if (entry.isDirectory()) return 'folder';
  if (entry.isFile()) return isLayout(entry.name) ? 'layout' : null;
  if (!entry.isSymbolicLink()) return null;
  const target = await stat(full).catch(() => null);
  if (target?.isDirectory() === true) return 'folder';
  return target?.isFile() === true && isLayout(entry.name) ? 'layout' : null;
}

/** Whether the policy lets the client reach this entry: a folder it may list, a layout it may read. */
async function reachable(entry: BrowseEntry, policy: FileAccessPolicy): Promise<boolean> {
  if (entry.kind === 'folder') return policy.mayList(entry.path);
  return policy.assertReadable(entry.path).then(
    () => true,
    () => false,
  );
}

async function startFolder(options: FolderBrowserOptions): Promise<string> {
  if (await options.policy.mayList(options.cwd)) return options.cwd;
  const [first] = await options.policy.roots();
  if (first === undefined) throw notListed(options.cwd, options.policy);
  return first;
}

/**
 * One folder's folders and `.tsv` files for the browser shell's "Browse…": names and kinds only, never contents.
 * The folder and every entry go through the file access policy (on real paths, so neither `..` nor a symlink
 * leads out of what may be read); hidden entries are left out; folders first, then by name; at most `limit`.
 */
export async function browseFolder(
  requested: string | undefined,
  options: FolderBrowserOptions,
): Promise<FolderListing> {
  const { policy } = options;
  const asked = requested === undefined ? await startFolder(options) : path.resolve(options.cwd, requested);
  // The policy compares real paths: `..` and links in `asked` are resolved before it answers.
  if (!(await policy.mayList(asked))) throw notListed(asked, policy);
  const folder = await realpath(asked).catch((error: unknown) => {
    throw fileReadError(asked, error);
  });
  const found = await readdir(folder, { withFileTypes: true }).catch((error: unknown) => {
    throw fileReadError(asked, error);
  });
  const candidates = await Promise.all(
    found
      .filter((entry) => !entry.name.startsWith('.'))
      .map(async (entry): Promise<BrowseEntry | null> => {
        const full = path.join(folder, entry.name);
        const kind = await kindOf(entry, full);
        if (kind === null) return null;
        const candidate: BrowseEntry = { name: entry.name, path: full, kind };
        return (await reachable(candidate, policy)) ? candidate : null;
      }),
  );
  const entries = candidates
    .filter((entry): entry is BrowseEntry => entry !== null)
    .sort((a, b) => (a.kind === b.kind ? byName.compare(a.name, b.name) : a.kind === 'folder' ? -1 : 1));
  const limit = Math.min(options.limit ?? maxBrowseEntries, maxBrowseEntries);
  const above = path.dirname(folder);
  return {
    folder,
    parent: above !== folder && (await policy.mayList(above)) ? above : null,
    entries: entries.slice(0, limit),
    more: Math.max(0, entries.length - limit),
    roots: (await policy.roots()).slice(0, 64),
  };
}
