import type { Soc } from '../../../shared/board';
import type { FastMode, FastPathChoice } from '../../../shared/fast-path';
import { analyzeFlashLayout } from '../layout/check-flash-layout';
import { hostLoadedIds } from '../layout/send-plan';
import type { FastbootAccess } from './decide-fast-path';
import { decideFastPath } from './decide-fast-path';
import { readFipFacts } from './fip-facts';

export interface FastPathPreview {
  readonly layoutPath: string;
  readonly cwd?: string;
  readonly binariesDir?: string;
  /** The board's SoC as its listing shows it; null when no board is chosen or it is unknown. */
  readonly soc: Soc | null;
  readonly mode: FastMode;
  readonly fastDevice?: string;
  readonly verify: boolean;
  readonly access: FastbootAccess;
}

/**
 * The decision a run would take, before Program is pressed (the app shows it with its reason): the same
 * `decideFastPath` the run calls at its start, on the layout file, its FIP and the board's SoC.
 */
export async function previewFastPath(preview: FastPathPreview): Promise<FastPathChoice> {
  if (preview.mode === 'off') return { path: 'dfu', reason: null };
  const analysis = await analyzeFlashLayout(preview.layoutPath, {
    ...(preview.cwd === undefined ? {} : { cwd: preview.cwd }),
    ...(preview.binariesDir === undefined ? {} : { binariesDir: preview.binariesDir }),
  });
  if (analysis.layout === null) return { path: 'dfu', reason: 'the layout cannot be read' };
  const fipLine = analysis.layout.partitions.find(
    (partition) => partition.ip?.kind === 'none' && partition.id === hostLoadedIds[2],
  );
  const fipPath = fipLine === undefined ? undefined : analysis.binaryPaths.get(fipLine);
  return decideFastPath({
    mode: preview.mode,
    ...(preview.fastDevice === undefined ? {} : { fastDevice: preview.fastDevice }),
    layout: analysis.layout,
    soc: preview.soc,
    fip: fipPath === undefined ? null : await readFipFacts(fipPath),
    access: preview.access,
    verify: preview.verify,
  });
}
