import type { DeviceSummary } from '../../../shared/contract';
import type { LayoutCheckReport } from '../../../shared/layout';
import type { MemoryPlan } from '../layout/memory-plan';

export interface BlockerInput {
  readonly report: LayoutCheckReport | null;
  readonly device: DeviceSummary | null;
  readonly deviceCount: number;
  readonly memories: readonly MemoryPlan[];
}

/** Why Program cannot run now, in words shown beside the button; null when it can. */
export function programBlocker({ report, device, deviceCount, memories }: BlockerInput): string | null {
  if (report === null) return 'Open a flash layout first.';
  if (!report.ok) {
    const errors = report.issues.filter((issue) => issue.severity === 'error').length;
    return `The layout has ${errors} ${errors === 1 ? 'error' : 'errors'}: fix ${errors === 1 ? 'it' : 'them'} first (each is shown on its row).`;
  }
  if (device === null) {
    return deviceCount === 0
      ? 'No board is connected: put one in USB boot mode (see Boards) or start a virtual board.'
      : 'Select the board to program in Boards.';
  }
  if (!device.openable) return 'The selected board cannot be opened: apply the fix shown under it in Boards.';
  if (memories.length > 0 && memories.every((memory) => !memory.full && !memory.partial)) {
    return 'Every partition is left out: include at least one in the table.';
  }
  return null;
}
