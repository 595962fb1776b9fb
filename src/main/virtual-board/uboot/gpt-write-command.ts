import { gptTypeGuid } from './gpt-guid';
import type { GptPartition } from './gpt-image';

const BLOCK = 512;
/** Protective MBR, header and 32 entry blocks before the first usable LBA; 33 after the last (disk/part_efi.c). */
const FIRST_USABLE = 34;

/** Type names `uuid_str_to_bin(…, UUID_STR_FORMAT_GUID)` knows (lib/uuid.c `list_guid`), those the board models. */
const typeNames: Readonly<Record<string, string>> = {
  linux: gptTypeGuid.linux,
  system: gptTypeGuid.system,
  'u-boot-env': gptTypeGuid.ubootEnv,
};

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type GptWriteOutcome =
  | { readonly ok: true; readonly partitions: readonly GptPartition[] }
  | { readonly ok: false; readonly message: string | null };

/** `extract_val`: the value of `key=` among the `,`-separated elements of one partition. */
function extractVal(token: string, key: string): string | null {
  for (const element of token.split(',')) {
    const eq = element.indexOf('=');
    if (eq > 0 && element.slice(0, eq) === key) return element.slice(eq + 1);
  }
  return null;
}

/** `ustrtoull(p, &p, 0)`: a number with an optional K/M/G suffix (lib/strto.c). */
function ustrtoull(text: string): number {
  const match = /^(0x[0-9a-f]+|0[0-7]*|[1-9]\d*)([kmg]?)/i.exec(text);
  if (!match) return 0;
  const base = match[1] ?? '0';
  const value =
    base.startsWith('0x') || base.startsWith('0X')
      ? parseInt(base, 16)
      : base.length > 1 && base.startsWith('0')
        ? parseInt(base, 8)
        : Number(base);
  const unit = (match[2] ?? '').toLowerCase();
  return value * (unit === 'g' ? 1024 ** 3 : unit === 'm' ? 1024 ** 2 : unit === 'k' ? 1024 : 1);
}

function typeGuid(value: string | null): string | null {
  // No `type`: `partition_basic_data_guid`.
  if (value === null) return 'EBD0A0A2-B9E5-4433-87C0-68B6B72699C7';
  if (guidPattern.test(value)) return value.toUpperCase();
  return typeNames[value] ?? null;
}

/**
 * `gpt write mmc <dev> <partitions>` on a disk of `diskSize` bytes: `set_gpt_info` (cmd/gpt.c) reads the list
 * (`name` and `size` mandatory, `size=-` grows the last partition, `start` optional: after the previous one,
 * `uuid` random when absent, `type` a GUID or a known name, `bootable`), then `gpt_fill_pte` (disk/part_efi.c)
 * places the entries and refuses overlaps with the GPT itself or a layout past the disk. Console texts of
 * `gpt_default`: `Partition list incomplete` etc.; the caller prints `Writing GPT: ` and `success!`/`error!`.
 */
export function gptWriteCommand(diskSize: number, list: string | null): GptWriteOutcome {
  if (list === null) return { ok: false, message: 'No partition list provided' };
  const lba = Math.floor(diskSize / BLOCK);
  const lastUsable = lba - FIRST_USABLE;
  let rest = list;
  if (extractVal(rest.split(';')[0] ?? '', 'uuid_disk') !== null) rest = rest.slice(rest.indexOf(';') + 1);
  if (rest.length === 0) return { ok: false, message: 'Partition list incomplete' };
  if (rest.endsWith(';')) rest = rest.slice(0, -1);
  const tokens = rest.split(';');
  const partitions: GptPartition[] = [];
  let offset = FIRST_USABLE;
  for (const [i, token] of tokens.entries()) {
    const name = extractVal(token, 'name');
    const sizeText = extractVal(token, 'size');
    const uuid = extractVal(token, 'uuid');
    if (name === null || sizeText === null || name.length >= 32)
      return { ok: false, message: 'Partition list incomplete' };
    if (uuid !== null && !guidPattern.test(uuid)) {
      return { ok: false, message: `Wrong uuid format for partition ${i}` };
    }
    const type = typeGuid(extractVal(token, 'type'));
    if (type === null) return { ok: false, message: null };
    const startText = extractVal(token, 'start');
    let sizeBlocks = sizeText === '-' ? 0 : Math.floor(ustrtoull(sizeText) / BLOCK);
    let start = startText === null ? 0 : Math.floor(ustrtoull(startText) / BLOCK);
    if (start !== 0) offset = start + sizeBlocks;
    else {
      start = offset;
      offset += sizeBlocks;
    }
    // Overlap with the primary header (LBA 1) or its entries (LBA 2..33): `Partition overlap`, -ENOSPC.
    if (start < FIRST_USABLE && start + sizeBlocks > 1) return { ok: false, message: null };
    if (offset > lastUsable + 1) return { ok: false, message: null };
    if (i === tokens.length - 1 && sizeBlocks === 0) sizeBlocks = lastUsable - start + 1;
    partitions.push({
      name,
      start: start * BLOCK,
      size: sizeBlocks * BLOCK,
      typeGuid: type,
      bootable: token.split(',').includes('bootable'),
      ...(uuid !== null ? { uniqueGuid: uuid.toUpperCase() } : {}),
    });
  }
  return { ok: true, partitions };
}
