import type { Soc } from '../../../shared/board';
import type { LayoutIssue } from '../../../shared/layout';
import { phaseId } from '../../protocol/phase';
import { type Stm32HeaderVersionName, stm32HeaderVersionBySoc } from '../../protocol/stm32-header';
import { columnOf, type FlashLayout, type Partition } from './flash-layout';
import { layoutIssue } from './layout-issue';
import { isHostLoaded } from './send-plan';
import { versionLabel } from './stm32-image-header';

const socOfVersion: Record<Stm32HeaderVersionName, string> = {
  v1_0: 'STM32MP15',
  v2_0: 'STM32MP13',
  v2_2: 'STM32MP25',
};

/**
 * STM32_HEADER_VERSION: `.stm32` headers must match the SoC given with `--soc` (v1.0 MP15, v2.0 MP13, v2.2
 * MP25: spec §5, §8), or, without it, each other (the FSBL's version, else the first image's, is the
 * reference). An error for the FSBL `program` sends against `--soc` (the ROM refuses it), else a warning.
 */
export function checkHeaderVersions(
  layout: FlashLayout,
  versions: ReadonlyMap<Partition, Stm32HeaderVersionName>,
  sent: ReadonlySet<Partition>,
  soc: Soc | undefined,
): LayoutIssue[] {
  const ordered = layout.partitions.flatMap((partition) => {
    const version = versions.get(partition);
    return version === undefined ? [] : [{ partition, version }];
  });
  const isSentFsbl = (partition: Partition): boolean =>
    sent.has(partition) && isHostLoaded(partition) && partition.id === phaseId.fsbl;
  const reference =
    soc === undefined
      ? (ordered.find((entry) => isSentFsbl(entry.partition)) ?? ordered[0])
      : { partition: null, version: stm32HeaderVersionBySoc[soc] };
  if (reference === undefined) return [];
  const issues: LayoutIssue[] = [];
  for (const { partition, version } of ordered) {
    if (version === reference.version) continue;
    const against =
      reference.partition === null
        ? `--soc ${soc ?? ''} needs ${versionLabel(reference.version)}`
        : `the ${isSentFsbl(reference.partition) ? 'FSBL' : 'image'} on line ${reference.partition.line} has ${versionLabel(reference.version)} (${socOfVersion[reference.version]})`;
    const fatal = reference.partition === null && isSentFsbl(partition);
    issues.push(
      layoutIssue(
        'STM32_HEADER_VERSION',
        fatal ? 'error' : 'warning',
        { line: partition.line, column: columnOf(partition, 'binary') },
        `${partition.binary ?? ''} has an STM32 header ${versionLabel(version)} (${socOfVersion[version]}), but ${against}.${fatal ? ' The ROM will refuse this FSBL.' : ''}`,
        'Use the images built for your board’s SoC (tf-a-stm32mp15… for MP15, stm32mp13… for MP13, stm32mp25… for MP25), or fix --soc.',
      ),
    );
  }
  return issues;
}
