import type { LayoutIssue } from '../../../../shared/layout';
import { phaseId } from '../../../protocol/phase';
import { columnOf, type FlashLayout } from '../flash-layout';
import { hexId, layoutIssue, wholeFile } from '../layout-issue';
import { isHostLoaded, sentPartitions } from '../send-plan';

const hostToolBothMessage = 'FSBL [0x01] and FIP [0x03] firmwares should both be present in the TSV file !';

/** What must be there for `program` to have something to send: partitions, the boot images, binaries. */
export function checkBootChain(layout: FlashLayout): LayoutIssue[] {
  if (layout.partitions.length === 0) {
    const empty = layout.lineCount === 0;
    return [
      layoutIssue(
        'NO_PARTITION',
        'error',
        wholeFile,
        empty
          ? 'The file is empty. U-Boot refuses it ("Layout: invalid FlashLayout"), ST\'s host tool too ("TSV file is empty !").'
          : 'The file has no partition line, only comments or empty lines. U-Boot refuses the layout: "Layout: no partition found"',
        'Is this the right file? A FlashLayout has one TAB-separated line per image: Opt, Id, Name, Type, IP, Offset, Binary.',
      ),
    ];
  }
  const issues: LayoutIssue[] = [];
  const hostLoaded = layout.partitions.filter(isHostLoaded);
  for (const [code, id, what] of [
    ['MISSING_FSBL', phaseId.fsbl, 'FSBL (TF-A, loaded by the ROM)'],
    ['MISSING_SSBL', phaseId.ssbl, 'SSBL (FIP or U-Boot, loaded by TF-A)'],
  ] as const) {
    if (hostLoaded.some((partition) => partition.id === id)) continue;
    issues.push(
      layoutIssue(
        code,
        'warning',
        wholeFile,
        `No line with Id ${hexId(id)} and IP none: there is no ${what} to start the board with. ST's host tool refuses such a layout: "${hostToolBothMessage}"`,
        `Add a line like "-\t${hexId(id)}\t${id === phaseId.fsbl ? 'fsbl-boot' : 'fip-boot'}\tBinary\tnone\t0x0\t<file>", unless the board already runs U-Boot's programmer.`,
      ),
    );
  }
  const sent = sentPartitions(layout);
  for (const partition of layout.partitions) {
    const place = { line: partition.line, column: columnOf(partition, 'binary') };
    if (sent.has(partition) && partition.binary === null) {
      issues.push(
        layoutIssue(
          'MISSING_BINARY',
          'error',
          place,
          isHostLoaded(partition)
            ? `Id ${hexId(partition.id ?? 0)} is loaded by the host, but this line names no file to send.`
            : `This partition is programmed (Opt ${partition.fields[0]?.text ?? ''}) but names no file to write.`,
          isHostLoaded(partition)
            ? 'Give the path of the image in the Binary column.'
            : 'Give the path of the image in the Binary column, or write PE to create the partition empty, or - to leave it alone.',
        ),
      );
    }
    if (partition.opt?.program === true && partition.opt.empty && partition.binary !== null) {
      issues.push(
        layoutIssue(
          'EMPTY_WITH_BINARY',
          'warning',
          place,
          `Opt ${partition.fields[0]?.text ?? ''} creates the partition empty: ${partition.binary} is not written.`,
          'Remove E from Opt to write the file, or write none in the Binary column to make the intent clear.',
        ),
      );
    }
  }
  return issues;
}
