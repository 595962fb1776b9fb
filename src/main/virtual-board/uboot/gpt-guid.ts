import { randomUUID } from 'node:crypto';

/** A GUID string (`8DA63339-0007-60C0-C436-083AC8230908`) in GPT's mixed-endian byte order. */
export function guidBytes(guid: string): Uint8Array {
  const hex = guid.replace(/-/g, '');
  const raw = Uint8Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
  const order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
  return Uint8Array.from(order, (i) => raw[i] ?? 0);
}

export function guidString(bytes: Uint8Array): string {
  const order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
  const hex = order
    .map((i) => (bytes[i] ?? 0).toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const randomGuid = (): string => randomUUID().toUpperCase();

/** Type GUIDs U-Boot's `gpt write` knows by name (`linux`, `system`, `u-boot-env`) and stm32prog's own. */
export const gptTypeGuid = {
  linux: '0FC63DAF-8483-4772-8E79-3D69D8477DE4',
  system: 'C12A7328-F81F-11D2-BA4B-00A0C93EC93B',
  ubootEnv: '3DE21764-95BD-54BD-A5C3-4ABE786F38A8',
  linuxReserved: '8DA63339-0007-60C0-C436-083AC8230908',
  fip: '19D5DF83-11B0-457B-BE2C-7559C13142A5',
  fwuMetadata: '8A7A84A0-8387-40F6-AB41-A8B9A5A60D23',
} as const;

/** Fixed unique GUIDs stm32prog gives (flashlayout-tsv.md §7). */
export const fixedPartitionGuid = {
  rootfsByMmc: [
    'E91C4E10-16E6-4C0E-BD0E-77BECF4A3582',
    '491F6117-415D-4F53-88C9-6E0DE54DEAC6',
    'FD58F1C7-BE0D-4338-88E9-AD8F050AEB18',
  ],
  fipA: '4FD84C93-54EF-463F-A7EF-AE25FF887087',
  fipB: '09C54952-D5BF-45AF-ACEE-335303766FB3',
} as const;
