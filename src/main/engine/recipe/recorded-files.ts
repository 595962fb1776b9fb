import type { LayoutAnalysis } from '../layout/check-flash-layout';
import { sentPartitions } from '../layout/send-plan';

/**
 * The images a recipe records the SHA-256 of: each image the layout sends to a board (the host-loaded boot
 * images and every line written to a memory), once, keyed by its path as the layout's Binary column names it
 * (relative to the layout's image folder), with the absolute path it resolves to.
 */
export function recordedImages(analysis: LayoutAnalysis): Map<string, string> {
  const images = new Map<string, string>();
  if (analysis.layout === null) return images;
  const sent = sentPartitions(analysis.layout);
  for (const partition of analysis.layout.partitions) {
    const resolved = analysis.binaryPaths.get(partition);
    if (!sent.has(partition) || partition.binary === null || resolved === undefined) continue;
    if (!images.has(partition.binary)) images.set(partition.binary, resolved);
  }
  return images;
}
