import path from 'node:path';
import type { FipFacts } from './decide-fast-path';
import { readFipUbootVersion } from './fip-uboot-version';

/** The FIP's name and the U-Boot version inside it (null when it cannot be read or holds none). */
export async function readFipFacts(file: string, signal?: AbortSignal): Promise<FipFacts> {
  const uboot = await readFipUbootVersion(file, signal).catch(() => null);
  return { fileName: path.basename(file), uboot };
}
