import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { LayoutIssue } from '../../../shared/layout';
import { columnOf, type FlashLayout, type Partition } from './flash-layout';
import { layoutIssue } from './layout-issue';

export interface BaseDirOptions {
  /** `--binaries-dir`: the base folder, no search (relative to `cwd` when given, else to the layout's folder). */
  readonly binariesDir?: string;
  /** The CLI's current directory: tried first (ST's instructions run the tool from the images folder). */
  readonly cwd?: string;
}

/**
 * The base folder relative binary paths resolve against (issue 13, point 3). ST's packages put the TSV in a
 * subfolder (`images/…/flashlayout_st-image-weston/optee/FlashLayout_*.tsv`) with paths relative to the images
 * folder above it. Without `--binaries-dir`: the first of the current directory (CLI only), the layout's
 * folder and its parents up to the root in which every binary the layout names exists; else the one where
 * most exist (the earliest on a tie).
 *
 * Named choice: when no candidate holds any of the binaries (or the layout names none), the base folder is the
 * layout's own folder, where ST's host tool looks, so that messages point next to the layout.
 */
export async function findBaseDir(
  layoutPath: string,
  layout: FlashLayout,
  options: BaseDirOptions = {},
): Promise<string> {
  const layoutDir = path.dirname(layoutPath);
  if (options.binariesDir !== undefined) return path.resolve(options.cwd ?? layoutDir, options.binariesDir);
  const relative = [
    ...new Set(
      layout.partitions.flatMap((partition) =>
        partition.binary !== null && !path.isAbsolute(partition.binary) ? [partition.binary] : [],
      ),
    ),
  ];
  if (relative.length === 0) return layoutDir;
  let best = { dir: layoutDir, found: 0 };
  for (const dir of candidateDirs(layoutDir, options.cwd)) {
    const found = await countExisting(dir, relative);
    if (found === relative.length) return dir;
    if (found > best.found) best = { dir, found };
  }
  return best.dir;
}

function candidateDirs(layoutDir: string, cwd: string | undefined): string[] {
  const dirs = cwd === undefined ? [] : [path.resolve(cwd)];
  for (let dir = layoutDir; ; dir = path.dirname(dir)) {
    if (!dirs.includes(dir)) dirs.push(dir);
    if (path.dirname(dir) === dir) return dirs;
  }
}

async function countExisting(dir: string, binaries: readonly string[]): Promise<number> {
  const found = await Promise.all(binaries.map((binary) => isFile(path.resolve(dir, binary))));
  return found.filter(Boolean).length;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/** Each partition's binary as an absolute path (none for `none`). */
export function resolveBinaries(layout: FlashLayout, baseDir: string): Map<Partition, string> {
  const paths = new Map<Partition, string>();
  for (const partition of layout.partitions) {
    if (partition.binary !== null) paths.set(partition, path.resolve(baseDir, partition.binary));
  }
  return paths;
}

/** PATH_OUTSIDE_LAYOUT_DIR: an absolute path, or one that climbs out of the base folder with `..`. */
export function checkBinaryPaths(layout: FlashLayout, baseDir: string): LayoutIssue[] {
  const issues: LayoutIssue[] = [];
  for (const partition of layout.partitions) {
    const { binary } = partition;
    if (binary === null) continue;
    const resolved = path.resolve(baseDir, binary);
    const absolute = path.isAbsolute(binary);
    const climbs = path.relative(baseDir, resolved).split(path.sep)[0] === '..';
    if (!absolute && !climbs) continue;
    issues.push(
      layoutIssue(
        'PATH_OUTSIDE_LAYOUT_DIR',
        'warning',
        { line: partition.line, column: columnOf(partition, 'binary') },
        `${absolute ? 'This absolute path' : 'This path climbs out of the base folder and'} points to ${resolved}, outside ${baseDir}.`,
        'Keep the images beside the layout (or under its images folder) with relative paths, so the layout and its images move together.',
      ),
    );
  }
  return issues;
}
