import type { LayoutCheckReport } from '../../../shared/layout';
import type { RunRecordFields } from '../../../shared/run-record';
import type { ContractClient } from '../../transport/contract-client';
import type { RunState } from './run-state';

/** A binary's path as the layout check resolved it: absolute as written, else under the layout's base folder. */
function resolvedBinary(baseDir: string, binary: string): string {
  return /^([/\\]|[a-z]:[/\\])/i.test(binary) ? binary : `${baseDir.replace(/[/\\]$/, '')}/${binary}`;
}

/**
 * The fields the CLI's `program --report` file carries too (one schema, src/shared/run-record.ts): the layout's
 * and each sent image's SHA-256 (`layout.digest`; an image main cannot read is left out), the board's serial, and
 * which memory lines the run finished. Null without the layout's digest.
 */
export async function collectRecordFields(
  client: ContractClient,
  layout: LayoutCheckReport['layout'],
  layoutSha256: string | null,
  run: RunState,
  serial: string | null,
): Promise<RunRecordFields | null> {
  if (layoutSha256 === null) return null;
  const byId = new Map(run.partitions.map((partition) => [partition.id, partition]));
  const lines = layout.partitions.flatMap((line) =>
    line.id !== null && byId.has(line.id) ? [{ ...line, id: line.id }] : [],
  );
  const images = await Promise.all(
    lines
      .filter((line) => line.binary !== '' && line.binary !== 'none')
      .map(async (line) => {
        const file = resolvedBinary(layout.baseDir, line.binary);
        const digest = await client.request('layout.digest', { path: file }).catch(() => null);
        return digest === null
          ? []
          : [
              {
                partitionId: line.id,
                name: line.name,
                path: file,
                size: digest.bytes,
                sha256: digest.sha256,
              },
            ];
      }),
  );
  return {
    layout: { path: layout.path, sha256: layoutSha256 },
    images: images.flat(),
    board: { serial },
    partitions: lines
      .filter((line) => line.ip !== 'none')
      .map((line) => ({ id: line.id, name: line.name, finished: byId.get(line.id)?.status === 'written' })),
  };
}
