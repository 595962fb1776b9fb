import type { Soc } from '../../../shared/board';
import type { LayoutIssue } from '../../../shared/layout';
import { phaseId } from '../../protocol/phase';
import { type Stm32HeaderVersionName, stm32HeaderVersionBySoc } from '../../protocol/stm32-header';
import { checkBootImageKind, checkFsblSize } from './boot-image-rules';
import { columnOf, type FlashLayout, type Partition } from './flash-layout';
import { hexId, layoutIssue } from './layout-issue';
import { type BinaryFacts, inspectBinary } from './inspect-binary';
import { isHostLoaded } from './send-plan';
import { checkHeaderVersions } from './stm32-version-rules';

export interface BinaryCheckInput {
  readonly layout: FlashLayout;
  /** The base folder relative paths were resolved against (named in hints). */
  readonly baseDir: string;
  /** Each partition's binary, absolute. */
  readonly paths: ReadonlyMap<Partition, string>;
  readonly rooms: ReadonlyMap<Partition, bigint>;
  readonly sent: ReadonlySet<Partition>;
  readonly soc?: Soc;
  readonly signal?: AbortSignal;
}

export interface BinaryCheckResult {
  readonly issues: LayoutIssue[];
  readonly sizes: ReadonlyMap<Partition, bigint>;
}

/** Whether a line's image carries a `.stm32` header to check: the FSBL always, and any `*.stm32` file. */
export function wantsHeader(partition: Partition): boolean {
  return (
    (isHostLoaded(partition) && partition.id === phaseId.fsbl) ||
    (partition.binary ?? '').toLowerCase().endsWith('.stm32')
  );
}

/** Whether a line's first bytes are read: the images TF-A takes (0x02 DDR firmware, 0x03 SSBL/FIP). */
function wantsStart(partition: Partition): boolean {
  return isHostLoaded(partition) && (partition.id === phaseId.ssbl || partition.id === phaseId.ddrFirmware);
}

/** The SoC whose ROM reads a header version (the inverse of stm32HeaderVersionBySoc). */
function socOfVersion(version: Stm32HeaderVersionName): Soc {
  const entry = Object.entries(stm32HeaderVersionBySoc).find(([, named]) => named === version);
  return (entry?.[0] ?? 'mp15') as Soc;
}

/** Checked on arrival: the FSBL by the ROM, a `.stm32` SSBL by the 2019 TF-A (issue 13, spec §5.3). */
function checkedOnArrival(partition: Partition, sent: ReadonlySet<Partition>): boolean {
  return sent.has(partition) && isHostLoaded(partition) && partition.id !== phaseId.ddrFirmware;
}

/**
 * What can only be known by looking at the files: present and readable, fits its partition, and for `.stm32`
 * images a sound header and checksum. An error where it stops a line `program` sends, else a warning.
 * Each file is inspected once, however many lines name it.
 */
export async function checkBinaries(input: BinaryCheckInput): Promise<BinaryCheckResult> {
  const { layout, paths, rooms, sent } = input;
  const facts = new Map<string, Promise<BinaryFacts>>();
  const inspect = (file: string, header: boolean, start: boolean): Promise<BinaryFacts> => {
    const key = `${header ? 'h' : 's'}${start ? 'b' : 'n'}${file}`;
    const known =
      facts.get(key) ??
      inspectBinary(file, { header, start, ...(input.signal ? { signal: input.signal } : {}) });
    facts.set(key, known);
    return known;
  };
  const entries = await Promise.all(
    layout.partitions.flatMap((partition) => {
      const file = paths.get(partition);
      return file === undefined
        ? []
        : [
            inspect(file, wantsHeader(partition), wantsStart(partition)).then((fact) => ({
              partition,
              file,
              fact,
            })),
          ];
    }),
  );
  const issues: LayoutIssue[] = [];
  const sizes = new Map<Partition, bigint>();
  const versions = new Map<Partition, Stm32HeaderVersionName>();
  for (const { partition, file, fact } of entries) {
    const place = { line: partition.line, column: columnOf(partition, 'binary') };
    const severity = sent.has(partition) ? 'error' : 'warning';
    if (!fact.found && fact.notAFile !== undefined) {
      issues.push(
        layoutIssue(
          'BINARY_NOT_A_FILE',
          severity,
          place,
          `${file} is not read: ${fact.reason}.${sent.has(partition) ? '' : ' (This line is not sent.)'}`,
          `${fact.notAFile.advice} The Binary column names an image file, relative to ${input.baseDir}.`,
        ),
      );
      continue;
    }
    if (!fact.found) {
      issues.push(
        layoutIssue(
          'BINARY_NOT_FOUND',
          severity,
          place,
          `Cannot read ${file}: ${fact.reason}.${sent.has(partition) ? '' : ' (This line is not sent.)'}`,
          `Check the name, and the base folder ${input.baseDir} it is relative to; pass --binaries-dir <folder of the images> if they are elsewhere.`,
        ),
      );
      continue;
    }
    sizes.set(partition, fact.size);
    const room = rooms.get(partition);
    if (room !== undefined && fact.size > room) {
      issues.push(
        layoutIssue(
          'BINARY_TOO_LARGE',
          severity,
          place,
          `${partition.binary ?? ''} is ${fact.size} bytes but partition ${partition.name ?? '?'} has ${room} bytes before the next one: it would spill ${fact.size - room} bytes into it.`,
          'Move the next partition to a higher offset (and the ones after it), or use a smaller image.',
        ),
      );
    }
    if (wantsStart(partition) && fact.start !== undefined) {
      const kind = checkBootImageKind(partition, fact.start, severity);
      if (kind !== null) issues.push(kind);
    }
    if (fact.header === undefined) continue;
    const headerSeverity = checkedOnArrival(partition, sent) ? 'error' : 'warning';
    const who = describeChecker(partition, sent);
    if (!fact.header.ok) {
      issues.push(
        layoutIssue(
          'BAD_STM32_HEADER',
          headerSeverity,
          place,
          `${partition.binary ?? ''} is not a valid .stm32 image: ${fact.header.problem}. ${who}`,
          'Use the image the build produced (tf-a-*.stm32, u-boot-*.stm32), not a renamed or truncated file.',
        ),
      );
      continue;
    }
    versions.set(partition, fact.header.version);
    if (isHostLoaded(partition) && partition.id === phaseId.fsbl) {
      const tooLarge = checkFsblSize({
        partition,
        fileSize: fact.size,
        headerSize: fact.header.headerSize,
        soc: input.soc ?? socOfVersion(fact.header.version),
        socGiven: input.soc !== undefined,
        severity: headerSeverity,
      });
      if (tooLarge !== null) issues.push(tooLarge);
    }
    if (fact.checksum !== undefined && fact.checksum !== fact.header.imageChecksum) {
      issues.push(
        layoutIssue(
          'STM32_CHECKSUM',
          headerSeverity,
          place,
          `${partition.binary ?? ''}: the header's checksum is ${hex32(fact.header.imageChecksum)} but the image sums to ${hex32(fact.checksum)}: the file was changed or cut after its header was written. ${who}`,
          'Rebuild or re-download the image; if you edited it, regenerate its header (stm32image / stm32imagev2).',
        ),
      );
    }
  }
  issues.push(...checkHeaderVersions(layout, versions, sent, input.soc));
  return { issues, sizes };
}

function describeChecker(partition: Partition, sent: ReadonlySet<Partition>): string {
  if (checkedOnArrival(partition, sent))
    return partition.id === phaseId.fsbl
      ? 'The ROM checks the FSBL and will not start it.'
      : `TF-A (2019 releases) checks the image sent to phase ${hexId(phaseId.ssbl)} and will not start it.`;
  if (isHostLoaded(partition)) return 'This line is not sent.';
  return 'It is written as is, but the board will not boot from it.';
}

function hex32(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}
