import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { FlasherError } from '../../shared/errors';

/**
 * Which files the contract may read on a client's word (issue 20 item 6). The boundary sits in main: in the
 * browser shell the page and any script holding the token are the same client, in Electron the renderer is
 * trusted no further than what the person chose. Paths are compared after realpath, so a symlink leads nowhere
 * its target could not be reached directly.
 */
export interface FileAccessPolicy {
  /** Throws PATH_NOT_ALLOWED unless the contract may read this file (a layout, or a folder of images). */
  assertReadable(file: string): Promise<void>;
  /** Throws PATH_NOT_ALLOWED unless images may be looked for in this folder (`binariesDir`). */
  assertFolder(dir: string): Promise<void>;
  /** Whether completion may list this folder's names. */
  mayList(dir: string): Promise<boolean>;
  /** The folders a client may list from (real paths): where "Browse…" can start. */
  roots(): Promise<readonly string[]>;
  /** One line for the person: what may be read. */
  describe(): string;
}

/** Folders never read through the contract, whatever --files or the home folder says (the system's own). */
export const systemFolders: readonly string[] =
  process.platform === 'win32'
    ? [process.env.SystemRoot ?? 'C:\\Windows']
    : [
        '/etc',
        '/proc',
        '/sys',
        '/dev',
        '/boot',
        '/run',
        '/usr',
        '/bin',
        '/sbin',
        '/lib',
        '/lib32',
        '/lib64',
        '/var',
      ].concat(process.platform === 'darwin' ? ['/private/etc', '/System', '/Library'] : []);

/** The real path of `file`; for a path that does not exist, its nearest existing folder's real path joined with the rest. */
export async function realPathOf(file: string): Promise<string> {
  const absolute = path.resolve(file);
  try {
    return await realpath(absolute);
  } catch {
    const parent = path.dirname(absolute);
    if (parent === absolute) return absolute;
    return path.join(await realPathOf(parent), path.basename(absolute));
  }
}

export function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function inSystemFolder(real: string): boolean {
  return systemFolders.some((folder) => isInside(real, folder));
}

function notAllowed(file: string, why: string): FlasherError {
  return new FlasherError('PATH_NOT_ALLOWED', `${file} is not read: ${why}.`);
}

/**
 * `serve`'s folders (issue 20 item 6): each --files, else the user's home; and the --layout's folder, which the
 * person named on the command line. System folders stay out whatever these are (folderPolicy).
 */
export function serveFolders(
  options: { readonly files?: readonly string[]; readonly layout?: string },
  cwd: string,
  home: string,
): string[] {
  const given = options.files ?? [];
  const folders = given.length > 0 ? given.map((folder) => path.resolve(cwd, folder)) : [home];
  if (options.layout !== undefined) folders.push(path.dirname(path.resolve(cwd, options.layout)));
  return [...new Set(folders)];
}

/** `serve`: files under the given folders (real paths), never in a system folder. */
export function folderPolicy(folders: readonly string[]): FileAccessPolicy {
  const roots = Promise.all(folders.map((folder) => realPathOf(folder)));
  const allowed = async (file: string): Promise<boolean> => {
    const real = await realPathOf(file);
    return !inSystemFolder(real) && (await roots).some((root) => isInside(real, root));
  };
  return {
    async assertReadable(file) {
      if (!(await allowed(file)))
        throw notAllowed(
          file,
          `serve reads only under ${folders.join(', ')} (--files), and never system folders`,
        );
    },
    async assertFolder(dir) {
      if (!(await allowed(dir)))
        throw notAllowed(
          dir,
          `serve reads only under ${folders.join(', ')} (--files), and never system folders`,
        );
    },
    mayList: allowed,
    roots: async () => (await roots).filter((root) => !inSystemFolder(root)),
    describe: () => `Files readable through the page (--files): ${folders.join(', ')} (never system folders)`,
  };
}

/** Electron: the files the person chose (the app's own dialog, a file dropped on the window) and their folders' names. */
export class ChosenFilesPolicy implements FileAccessPolicy {
  readonly #chosen = new Set<string>();
  /** Files chosen in earlier sessions: the recent layouts, which only main adds to (settings-handlers.ts). */
  readonly #earlier: () => readonly string[];

  constructor(earlier: () => readonly string[] = () => []) {
    this.#earlier = earlier;
  }
  /** Choices still being resolved: a request right after a drop waits for them. */
  readonly #pending = new Set<Promise<void>>();

  /** Adds a file the person chose; answers its path unchanged. */
  async choose(file: string): Promise<string> {
    const adding = realPathOf(file).then((real) => void this.#chosen.add(real));
    this.#pending.add(adding);
    try {
      await adding;
    } finally {
      this.#pending.delete(adding);
    }
    return file;
  }

  async assertReadable(file: string): Promise<void> {
    await Promise.all(this.#pending);
    const real = await realPathOf(file);
    const earlier = await Promise.all(this.#earlier().map((entry) => realPathOf(entry)));
    if (!(this.#chosen.has(real) || earlier.includes(real)) || inSystemFolder(real))
      throw notAllowed(file, 'the app reads only a layout chosen with Browse… or dropped on its window');
  }

  /** The images of a chosen layout may be looked for in its folder, the folders above it (ST's packages put the
   * images above the layout) and below it; never in a system folder. */
  async assertFolder(dir: string): Promise<void> {
    const real = await realPathOf(dir);
    const near = [...this.#chosen].some(
      (file) => isInside(path.dirname(file), real) || isInside(real, path.dirname(file)),
    );
    if (!near || inSystemFolder(real))
      throw notAllowed(
        dir,
        'the app looks for images only around a layout chosen with Browse… or dropped on its window',
      );
  }

  async mayList(dir: string): Promise<boolean> {
    const real = await realPathOf(dir);
    return [...this.#chosen].some((file) => path.dirname(file) === real);
  }

  async roots(): Promise<readonly string[]> {
    await Promise.all(this.#pending);
    return [...new Set([...this.#chosen].map((file) => path.dirname(file)))];
  }

  describe(): string {
    return `Files readable by the window: ${this.#chosen.size} chosen`;
  }
}

/** Unrestricted: for engine-level tests and tools that build services without a front end. */
export const anyFilePolicy: FileAccessPolicy = {
  assertReadable: async () => undefined,
  assertFolder: async () => undefined,
  mayList: async () => true,
  roots: async () => [path.parse(path.resolve('.')).root],
  describe: () => 'Every file the process can read',
};

/**
 * `layout.digest` hashes only the open layout's files: the layout and the images it names (as the check resolved
 * them); PATH_NOT_ALLOWED for anything else, checked on real paths.
 */
export async function assertOpenLayoutFile(
  open: {
    readonly path: string;
    readonly baseDir: string;
    readonly binaries: readonly (string | null)[];
  } | null,
  file: string,
): Promise<void> {
  if (open !== null) {
    const named = [
      open.path,
      ...open.binaries.flatMap((binary) => (binary === null ? [] : [path.resolve(open.baseDir, binary)])),
    ];
    const real = await realPathOf(file);
    const reals = await Promise.all(named.map((candidate) => realPathOf(candidate)));
    if (reals.includes(real) && !inSystemFolder(real)) return;
  }
  throw new FlasherError(
    'PATH_NOT_ALLOWED',
    `${file} is not hashed: only the open layout and the images it names are.`,
    'Open the layout first (layout.open); its digest and its images’ are then available.',
  );
}
