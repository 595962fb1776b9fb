import { reconnectTimeout } from '../../../shared/deadlines';
import { type Recipe, recipeKeys, recipeWriteMs } from '../../../shared/recipe';

/** What a person can do about a wrong value, by the recipe key it is under. */
const hintByKey: Record<keyof Recipe, string> = {
  version: 'Write `version: 1`: the only recipe version this app reads.',
  name: 'Give the recipe a name the operator recognises, e.g. `name: DK2 eMMC release 1.4`.',
  layout:
    'Name the FlashLayout .tsv relative to this recipe file, e.g. `layout: flashlayout/FlashLayout_emmc.tsv`.',
  partitions:
    'Name partitions by the Id column of the layout (0 to 255, e.g. 0x21), under either `only:` or `skip:`, not both.',
  deadlines: `Milliseconds: reconnectMs from ${reconnectTimeout.minMs} to ${reconnectTimeout.maxMs}, writeMs from ${recipeWriteMs.minMs} to ${recipeWriteMs.maxMs}.`,
  autoProgram: 'Write `autoProgram: true` or `autoProgram: false`.',
  slots:
    'Each slot is `- name: <what the operator calls it>` with `port: <USB port path, e.g. 1-2.3>` (the slot column of `stm32mp-flasher list`); each name and each port once.',
  resetAtEnd: 'Write `resetAtEnd: true` or `resetAtEnd: false`.',
  verify: 'Write `verify: true` (read each partition back and compare it) or `verify: false`.',
  fast: 'Write `fast: auto` (fastboot where possible, else DFU), `fast: on` (fastboot or refuse) or `fast: off` (DFU).',
  fastDevice:
    'Write `fastDevice: mmc0` (SD card) or `fastDevice: mmc1` (eMMC): the MMC device the FIP’s U-Boot flashes over fastboot.',
  log: 'Write `log: { folder: <folder for the station log> }`, relative to this recipe file.',
  hashes:
    'Do not type SHA-256 values: `stm32mp-flasher recipe init <layout.tsv> --force` writes them from the files as they are now.',
};

/** The hint for a value at `path` (its top-level key decides). */
export function hintForPath(path: readonly PropertyKey[]): string {
  const key = path[0];
  if (typeof key === 'string' && key in hintByKey) return hintByKey[key as keyof Recipe];
  return `A recipe has these keys: ${recipeKeys.join(', ')}.`;
}

/** The hint for a key the recipe does not know. */
export function hintForUnknownKey(path: readonly PropertyKey[]): string {
  if (path.length === 0)
    return `Remove the key or fix its spelling; a recipe has these keys: ${recipeKeys.join(', ')}.`;
  return `Remove the key or fix its spelling. ${hintForPath(path)}`;
}
