import type { LayoutIssue } from '../../../shared/layout';
import { orderDevices } from './device-order';
import type { FlashLayout } from './flash-layout';
import { sortIssues } from './layout-issue';
import { checkBootChain } from './rules/boot-chain-rules';
import { checkOffsets } from './rules/offset-rules';
import { checkPhases } from './rules/phase-rules';
import { checkTypeHistory } from './rules/uboot-history-rules';

/**
 * The rules across lines (spec §3-§4, §8, §9): what U-Boot's treat_partition_list() and init_device() refuse,
 * what ST's host tool refuses, and the traps both accept. Needs no file but the layout; the binaries are
 * check-binaries.ts's. Every problem is collected; none stops the others.
 */
export function validateFlashLayout(layout: FlashLayout): LayoutIssue[] {
  return sortIssues([
    ...checkBootChain(layout),
    ...checkPhases(layout),
    ...checkOffsets(orderDevices(layout)),
    ...checkTypeHistory(layout),
  ]);
}
