import { open } from 'node:fs/promises';
import path from 'node:path';
import type { Soc } from '../../../shared/board';
import type { LayoutCheckReport } from '../../../shared/layout';
import { checkBinaries } from './check-binaries';
import { orderDevices } from './device-order';
import type { FlashLayout, Partition } from './flash-layout';
import { layoutIssue, wholeFile } from './layout-issue';
import { buildLayoutReport } from './layout-report';
import { parseFlashLayout } from './parse-flash-layout';
import { checkBinaryPaths, findBaseDir, resolveBinaries } from './resolve-binaries';
import { sentPartitions } from './send-plan';
import { validateFlashLayout } from './validate-flash-layout';

export interface CheckFlashLayoutOptions {
  /** Skip every check that reads the binaries (path checks stay: they read no file). */
  readonly layoutOnly?: boolean;
  /** Check `.stm32` header versions against this SoC (`--soc`). */
  readonly soc?: Soc;
  /** The base folder for relative binary paths (`--binaries-dir`): relative to `cwd` if given, else to the layout's folder. */
  readonly binariesDir?: string;
  /** The CLI's current directory, tried first as the base folder. The app leaves it out. */
  readonly cwd?: string;
  /** Cancels the checksum of large images; the promise then rejects with an AbortError. */
  readonly signal?: AbortSignal;
}

/** A check's report, with what `program` needs beside it: the parsed layout and each binary's path. */
export interface LayoutAnalysis {
  readonly report: LayoutCheckReport;
  /** Null when the file could not be read (the report then has one LAYOUT_UNREADABLE issue). */
  readonly layout: FlashLayout | null;
  readonly binaryPaths: ReadonlyMap<Partition, string>;
}

/**
 * Named choice: a layout is a few KB and U-Boot's layout buffer is 256 KiB (spec §1); a file above 1 MiB is
 * refused unread rather than loaded (someone picked an image instead of the TSV).
 */
export const maxLayoutBytes = 1 << 20;

/** The one entry point the CLI (`check`) and the app's services (`layout.open`, `layout.check`) call. */
export async function checkFlashLayout(
  layoutPath: string,
  options: CheckFlashLayoutOptions = {},
): Promise<LayoutCheckReport> {
  return (await analyzeFlashLayout(layoutPath, options)).report;
}

export async function analyzeFlashLayout(
  layoutPath: string,
  options: CheckFlashLayoutOptions = {},
): Promise<LayoutAnalysis> {
  const absolute = path.resolve(options.cwd ?? process.cwd(), layoutPath);
  const bytes = await readLayoutFile(absolute);
  if (typeof bytes === 'string') {
    const issue = layoutIssue(
      'LAYOUT_UNREADABLE',
      'error',
      wholeFile,
      `Cannot read the layout ${absolute}: ${bytes}${/[.?!]$/.test(bytes) ? '' : '.'}`,
      'Check the path: a FlashLayout is the .tsv file (for example flashlayout_st-image-weston/FlashLayout_sdcard_….tsv).',
    );
    const baseDir =
      options.binariesDir === undefined
        ? path.dirname(absolute)
        : path.resolve(options.cwd ?? path.dirname(absolute), options.binariesDir);
    const report = buildLayoutReport({
      path: absolute,
      baseDir,
      layout: null,
      issues: [issue],
      sizes: new Map(),
      rooms: new Map(),
    });
    return { report, layout: null, binaryPaths: new Map() };
  }
  const parsed = parseFlashLayout(bytes);
  const { layout } = parsed;
  const baseDir = await findBaseDir(absolute, layout, options);
  const binaryPaths = resolveBinaries(layout, baseDir);
  const { rooms } = orderDevices(layout);
  const issues = [...parsed.issues, ...validateFlashLayout(layout), ...checkBinaryPaths(layout, baseDir)];
  let sizes: ReadonlyMap<Partition, bigint> = new Map();
  if (options.layoutOnly !== true) {
    const binaries = await checkBinaries({
      layout,
      baseDir,
      paths: binaryPaths,
      rooms,
      sent: sentPartitions(layout),
      ...(options.soc === undefined ? {} : { soc: options.soc }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    issues.push(...binaries.issues);
    sizes = binaries.sizes;
  }
  const report = buildLayoutReport({ path: absolute, baseDir, layout, issues, sizes, rooms });
  return { report, layout, binaryPaths };
}

/** The file's bytes, or why they cannot be read. */
async function readLayoutFile(file: string): Promise<Uint8Array | string> {
  try {
    const handle = await open(file, 'r');
    try {
      const info = await handle.stat();
      if (!info.isFile()) return 'it is not a file';
      if (info.size > maxLayoutBytes)
        return `it is ${info.size} bytes, too large for a FlashLayout (at most ${maxLayoutBytes}); is it an image?`;
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ENOENT') return 'no such file';
    if (code === 'EISDIR') return 'it is a folder';
    if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
    return code ?? String(error);
  }
}
