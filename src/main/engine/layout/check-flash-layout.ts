import path from 'node:path';
import type { Soc } from '../../../shared/board';
import type { LayoutCheckReport, LayoutIssue } from '../../../shared/layout';
import { checkBinaries } from './check-binaries';
import { orderDevices } from './device-order';
import type { FlashLayout, Partition } from './flash-layout';
import { buildLayoutReport } from './layout-report';
import { parseFlashLayout } from './parse-flash-layout';
import { readLayoutFile } from './read-layout-file';
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
  /** Null when the file was not read (the report then has one issue, layoutNotRead finds it). */
  readonly layout: FlashLayout | null;
  readonly binaryPaths: ReadonlyMap<Partition, string>;
}

/** The codes of a layout that was not read at all: the CLI and `serve --layout` refuse to start on them. */
const notReadCodes: ReadonlySet<string> = new Set([
  'LAYOUT_UNREADABLE',
  'LAYOUT_NOT_A_FILE',
  'LAYOUT_TOO_LARGE',
  'LAYOUT_TOO_MANY_LINES',
]);

/** The issue that says the layout file was not read (missing, not a file, too large, too many lines), if it was not. */
export function layoutNotRead(report: LayoutCheckReport): LayoutIssue | undefined {
  return report.issues.find((issue) => notReadCodes.has(issue.code));
}

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
  if (!(bytes instanceof Uint8Array)) {
    const baseDir =
      options.binariesDir === undefined
        ? path.dirname(absolute)
        : path.resolve(options.cwd ?? path.dirname(absolute), options.binariesDir);
    const report = buildLayoutReport({
      path: absolute,
      baseDir,
      layout: null,
      issues: [bytes],
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
