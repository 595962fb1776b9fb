import { open } from 'node:fs/promises';
import path from 'node:path';
import type { LayoutCheckReport } from '../../shared/layout';
import { phaseId } from '../protocol/phase';

/**
 * The first bytes of the SSBL the layout loads (the host-loaded Id 0x03 line), so `--sim-firmware auto`
 * can start the virtual board in the generation that image belongs to; undefined when there is none.
 */
export async function readSsblHead(
  report: LayoutCheckReport | null,
  bytes = 16,
): Promise<Uint8Array | undefined> {
  const ssbl = report?.layout.partitions.find((p) => p.id === phaseId.ssbl && p.ip === 'none');
  if (report === null || ssbl === undefined || ssbl.binary === '' || ssbl.binary === 'none') return undefined;
  const file = path.resolve(report.layout.baseDir, ssbl.binary);
  try {
    const handle = await open(file, 'r');
    try {
      const head = new Uint8Array(bytes);
      const { bytesRead } = await handle.read(head, 0, bytes, 0);
      return head.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}
