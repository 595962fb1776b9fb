import { hostWarnings } from './host-warnings';
import type { ProgrammingSessionOptions } from './session-options';
import type { SessionRecord } from './session-record';

/**
 * The warnings a run reports as it starts: the host's (udev not running), the front end's (a console that could not
 * be opened), a partial update's; and those that arise beside the run until it ends (a log file that stops).
 */
export function reportStartWarnings(
  options: ProgrammingSessionOptions,
  record: SessionRecord,
  finished: () => boolean,
): void {
  for (const warning of [...hostWarnings(options.backend), ...(options.warnings ?? [])])
    record.warn(warning.code, warning.message, warning.hint);
  options.lateWarnings?.((warning) => {
    if (!finished()) record.warn(warning.code, warning.message, warning.hint);
  });
  const { partialMemories } = options.plan;
  if (partialMemories.length > 0)
    record.warn(
      'PARTIAL_UPDATE',
      `only some lines of ${partialMemories.join(', ')} are programmed`,
      'U-Boot keeps the partition table already on that memory and checks the selected lines against it; the other partitions keep their data.',
    );
}
