/** `--only` / `--skip` ids as numbers, or why they are not ids; the layout checks that it has them. */
export function partitionIds(
  only: string | undefined,
  skip: string | undefined,
): { only?: number[]; skip?: number[] } | string {
  if (only !== undefined && skip !== undefined) return '--only and --skip cannot be used together';
  const text = only ?? skip;
  if (text === undefined) return {};
  const option = only === undefined ? '--skip' : '--only';
  const ids: number[] = [];
  for (const item of text.split(',').map((part) => part.trim())) {
    if (!/^(0x[0-9a-f]{1,2}|\d{1,3})$/i.test(item))
      return `${option} ${text}: ${item} is not a partition id (e.g. 0x21)`;
    ids.push(Number(item));
  }
  return only === undefined ? { skip: ids } : { only: ids };
}
