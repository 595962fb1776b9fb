import type { LayoutIssue } from '../../../../shared/layout';
import { columnOf, deviceKey, type FlashLayout, type Partition } from '../flash-layout';
import { hexId, layoutIssue } from '../layout-issue';
import { ubootSays } from '../parse-columns';
import { isHostLoaded, isOnDevice } from '../send-plan';

/** STM32PROG_MAX_DEV (spec §3.5). */
export const maxDevices = 5;

/** The rules of treat_partition_list() (spec §3.2, §3.5), plus duplicate names on one memory. */
export function checkPhases(layout: FlashLayout): LayoutIssue[] {
  const issues: LayoutIssue[] = [];
  const devices: string[] = [];
  // Earlier lines with an IP, by Id: each line is compared with its twins only (linear in the lines).
  const earlierById = new Map<number, Partition[]>();
  for (const partition of layout.partitions) {
    const { line, ip, id } = partition;
    const name = partition.name ?? '';
    if (ip === null) continue;
    if (ip.kind === 'none' && partition.opt?.program === true) {
      issues.push(
        layoutIssue(
          'SELECTED_NONE',
          'error',
          { line, column: columnOf(partition, 'opt') },
          `A line with IP none is loaded by the host, not written: it cannot be selected. ${ubootSays(`Layout: selected none phase = ${hexId(id ?? 0)} for part ${name}`)}`,
          'Write - in Opt for IP none lines (0x01/0x02/0x03 are sent anyway), or give the memory to write it to.',
        ),
      );
    }
    if (ip.kind !== 'none' && id === 0) {
      issues.push(
        layoutIssue(
          'BAD_PHASE',
          'error',
          { line, column: columnOf(partition, 'id') },
          `Id 0x00 is the FlashLayout itself; a partition on a memory cannot use it. ${ubootSays(`Layout: invalid phase = 0x0 for part ${name}`)}`,
          'Use 0x04-0x0F for boot partitions and 0x10-0xF0 for the others.',
        ),
      );
    }
    if (id !== null) {
      const twins = earlierById.get(id);
      const duplicate = checkDuplicateId(twins ?? [], partition);
      if (duplicate !== null) issues.push(duplicate);
      if (twins === undefined) earlierById.set(id, [partition]);
      else twins.push(partition);
    }
    if (ip.kind !== 'none') {
      const key = deviceKey(ip);
      if (!devices.includes(key)) {
        devices.push(key);
        if (devices.length > maxDevices) {
          issues.push(
            layoutIssue(
              'TOO_MANY_DEVICES',
              'error',
              { line, column: columnOf(partition, 'ip') },
              `${key} is memory number ${devices.length} in this layout; U-Boot handles ${maxDevices}. ${ubootSays('Layout: too many device')}`,
              'Split the layout in two files, one per group of memories, and program them one after the other.',
            ),
          );
        }
      }
    }
  }
  issues.push(...checkDuplicateNames(layout));
  return issues;
}

/**
 * U-Boot compares each line on a memory with every later line (any IP): a later twin is refused. A line whose
 * earlier twins all have IP none passes U-Boot (spec §3.2, fixture with two 0x03), and is a warning.
 */
function checkDuplicateId(twins: readonly Partition[], partition: Partition): LayoutIssue | null {
  const { id, line } = partition;
  if (id === null || twins.length === 0) return null;
  const place = { line, column: columnOf(partition, 'id') };
  const onDevice = twins.find(isOnDevice);
  if (onDevice !== undefined) {
    return layoutIssue(
      'DUPLICATE_ID',
      'error',
      place,
      `Id ${hexId(id)} is already used on line ${onDevice.line} (${onDevice.name ?? '?'}). ${ubootSays(`Layout: duplicated phase ${hexId(id)} for part ${onDevice.name ?? ''} and ${partition.name ?? ''}`)}`,
      'Give each partition on a memory its own Id.',
    );
  }
  const first = twins[0] ?? partition;
  if (isHostLoaded(first) && isHostLoaded(partition)) {
    return layoutIssue(
      'DUPLICATE_ID',
      'warning',
      place,
      `Id ${hexId(id)} is also on line ${first.line} (${first.name ?? '?'}). U-Boot accepts duplicates among IP none lines, but only one image goes to phase ${hexId(id)}: program sends the first (line ${first.line}, ${first.binary ?? 'none'}); this line is never sent.`,
      'Delete the line you do not want, so that it is clear which image the board gets.',
    );
  }
  return layoutIssue(
    'DUPLICATE_ID',
    'warning',
    place,
    `Id ${hexId(id)} is also on line ${first.line} (${first.name ?? '?'}, IP none). U-Boot accepts it; ST's host tool and the phase order may not.`,
    'Give each line its own Id.',
  );
}

function checkDuplicateNames(layout: FlashLayout): LayoutIssue[] {
  const issues: LayoutIssue[] = [];
  const seen = new Map<string, Partition>();
  for (const partition of layout.partitions) {
    if (partition.ip === null || partition.ip.kind === 'none' || partition.name === null) continue;
    const key = `${deviceKey(partition.ip)}\t${partition.name}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, partition);
      continue;
    }
    issues.push(
      layoutIssue(
        'DUPLICATE_NAME',
        'warning',
        { line: partition.line, column: columnOf(partition, 'name') },
        `Name "${partition.name}" is already used on line ${first.line} on ${deviceKey(partition.ip)}. U-Boot accepts it, but the ROM, TF-A and Linux find partitions by name and take the first.`,
        'Give each partition on a memory its own name.',
      ),
    );
  }
  return issues;
}
