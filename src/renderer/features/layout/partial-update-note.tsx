import type { MemoryPlan } from './memory-plan';

/** Said plainly when a memory is only partly written. */
export function PartialUpdateNote({ memories }: { memories: readonly MemoryPlan[] }) {
  const partial = memories.filter((memory) => memory.partial).map((memory) => memory.memory);
  if (partial.length === 0) return null;
  return (
    <p className="partial-note" role="note">
      <strong>Partial update of {partial.join(', ')}</strong>: only the ticked partitions are written. No
      partition table is written: the board must already have this layout&apos;s partition table on{' '}
      {partial.length === 1 ? 'that memory' : 'those memories'}, and U-Boot stops if it does not match.
    </p>
  );
}
