import type { LayoutIssue, PartitionTypeName } from '../../../../shared/layout';
import { columnOf, type FlashLayout } from '../flash-layout';
import { layoutIssue } from '../layout-issue';

/** A partition type stm32prog learnt after its first releases, and the first U-Boot release that reads it. */
export interface TypeHistory {
  /** The first upstream release tag whose stm32prog accepts the type. */
  readonly release: string;
  /** The upstream commit that added it (u-boot/u-boot, `arch/arm/mach-stm32mp/cmd_stm32prog/stm32prog.c`). */
  readonly commit: string;
  /** What to write instead for an older U-Boot. */
  readonly instead: string;
}

/**
 * Upstream history of `parse_type()` (spec §3.4, rom-and-host-findings §13): at 01c88e3 (2022-09) it accepts
 * only Binary, FIP, System, FileSystem and RawImage. ENV, ESP and FWU_MDATA came in three commits of
 * 2023-06-08 (tag u-boot-stm32-20230616, merged into `next`). `git tag --contains` on u-boot/u-boot: v2023.07
 * does not hold them; v2023.10 is the first regular release that does (the odd point tag v2023.07.01, also
 * tagged v2023.07.01-dont-use upstream, holds them too).
 * ST's own forks may have had them earlier: unconfirmed, so the warning names the upstream release.
 */
export const typeHistory: Partial<Record<PartitionTypeName, TypeHistory>> = {
  ENV: { release: 'v2023.10', commit: '82a4a255aa48', instead: 'Binary' },
  ESP: { release: 'v2023.10', commit: '3a67b61ca04c', instead: 'FileSystem' },
  FWU_MDATA: { release: 'v2023.10', commit: 'dac5b065125c', instead: 'Binary' },
};

/**
 * TYPE_NEEDS_NEWER_UBOOT: a type an older U-Boot refuses. U-Boot parses every line's type, IP none lines too,
 * so one such line makes an older U-Boot refuse the whole layout. A warning: the board's U-Boot is not known
 * offline.
 */
export function checkTypeHistory(layout: FlashLayout): LayoutIssue[] {
  return layout.partitions.flatMap((partition) => {
    const name = partition.type?.name;
    const history = name === undefined ? undefined : typeHistory[name];
    if (name === undefined || history === undefined) return [];
    return [
      layoutIssue(
        'TYPE_NEEDS_NEWER_UBOOT',
        'warning',
        { line: partition.line, column: columnOf(partition, 'type') },
        `Type ${name} is read by U-Boot ${history.release} and later (upstream commit ${history.commit}). An older U-Boot refuses the whole layout: "Layout line ${partition.line}: type parsing error : '${name}'"`,
        `If the board's U-Boot is older than ${history.release}, write ${history.instead} instead (the partition then gets a generic GPT type), or update U-Boot.`,
      ),
    ];
  });
}
